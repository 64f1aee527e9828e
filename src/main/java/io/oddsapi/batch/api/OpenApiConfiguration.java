package io.oddsapi.batch.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description served at {@code /v3/api-docs}: the contract a client is
 * generated from. Every error is an RFC 9457 problem; the answers every call can give
 * (401, 500) are added to each operation here, the others are declared on the operations
 * that give them, each with an example.
 */
@ServerMode
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String PROBLEM = "application/problem+json";

	static final String BAD_REQUEST = "#/components/responses/BadRequest";

	static final String NOT_FOUND = "#/components/responses/NotFound";

	static final String CONFLICT = "#/components/responses/Conflict";

	static final String BUSY = "#/components/responses/ServiceUnavailable";

	@Bean
	OpenAPI oddsApi() {
		return new OpenAPI()
			.info(new Info().title("oddsapi-batch")
				.version("v1")
				.description("Launch, watch and restart the Odds API batch job per endpoint and game date; read "
						+ "locks, coverage and daily figures; receive Cloud Storage notifications. Every error is an "
						+ "RFC 9457 problem (application/problem+json) whose detail says what to change."))
			.servers(List.of(new Server().url("/")
				.description("the server that serves this description (server mode; on Cloud Run, the service's URL)")))
			.components(components())
			.addSecurityItem(new SecurityRequirement().addList("bearer"));
	}

	/**
	 * The security scheme, the problem schema, and the error answers the calls refer to.
	 */
	private static Components components() {
		return new Components()
			.addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
				.scheme("bearer")
				.description("a token of odds.api.tokens (or odds.api.token), or a Google-signed OIDC ID token from an "
						+ "allowed service account; the caller's role (pusher, viewer, operator) says what it may do"))
			.addSchemas("Problem", problemSchema())
			.addResponses("Unauthorized", unauthorized())
			.addResponses("Forbidden", forbidden())
			.addResponses("BadRequest",
					problem("The request is not one this call takes.", 400, "Bad Request",
							"unknown endpoint 'lines' (known: [game-lines, player-props, game-lines-history, "
									+ "player-props-history])",
							"/api/v1/batches"))
			.addResponses("NotFound",
					problem("There is no such execution.", 404, "Not Found", "there is no execution 999",
							"/api/v1/executions/999"))
			.addResponses("Conflict",
					problem("The execution's state, or its date's lock, does not allow it now.", 409, "Conflict",
							"execution 12 completed: there is nothing to restart", "/api/v1/executions/12/restart"))
			.addResponses("ServiceUnavailable",
					problem("Every launch thread is busy; try again after Retry-After.", 503, "Service Unavailable",
							"all 4 launch threads are busy; try again shortly", "/api/v1/batches")
						.addHeaderObject("Retry-After",
								new Header().description("seconds to wait").schema(new IntegerSchema())))
			.addResponses("InternalError",
					problem("The server failed; its log has the cause under the " + "correlation id.", 500,
							"Internal Server Error",
							"the server failed; its log has the cause "
									+ "under correlation id 3f1c6a52-2b7e-4c0e-9a51-52f0f0c1d7a4",
							"/api/v1/executions/12"));
	}

	private static ApiResponse unauthorized() {
		return problem("No valid bearer token (or console session) came with the call.", 401, "Unauthorized",
				"a valid bearer token is needed: Full authentication is required to access this resource",
				"/api/v1/executions")
			.addHeaderObject("WWW-Authenticate",
					new Header().description("Bearer, with the reason").schema(new StringSchema()));
	}

	private static ApiResponse forbidden() {
		return problem(
				"The caller's role does not allow this call (or a session's change came without its CSRF " + "token).",
				403, "Forbidden", "vic may not do this: reading needs the viewer role, notifications the "
						+ "pusher role, every other change the operator role",
				"/api/v1/batches");
	}

	/** 401, 403 and 500: what any call may answer. */
	@Bean
	OpenApiCustomizer everyCallsErrors() {
		return openApi -> openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
			operation.getResponses()
				.addApiResponse("401", new ApiResponse().$ref("#/components/responses/Unauthorized"));
			operation.getResponses().addApiResponse("403", new ApiResponse().$ref("#/components/responses/Forbidden"));
			operation.getResponses()
				.addApiResponse("500", new ApiResponse().$ref("#/components/responses/InternalError"));
		}));
	}

	@SuppressWarnings("rawtypes")
	private static Schema problemSchema() {
		Map<String, Schema> properties = new LinkedHashMap<>();
		properties.put("type", new StringSchema().description("a URI for the kind of problem; about:blank here"));
		properties.put("title", new StringSchema().description("the HTTP status's phrase"));
		properties.put("status", new IntegerSchema().description("the HTTP status"));
		properties.put("detail", new StringSchema().description("what went wrong, and what to change"));
		properties.put("instance", new StringSchema().description("the path that was called"));
		properties.put("correlationId",
				new StringSchema().description("500 only: the id the server's log line carries"));
		return new ObjectSchema().description("An RFC 9457 problem detail").properties(properties);
	}

	private static ApiResponse problem(String description, int status, String title, String detail, String instance) {
		Map<String, Object> example = new LinkedHashMap<>();
		example.put("type", "about:blank");
		example.put("title", title);
		example.put("status", status);
		example.put("detail", detail);
		example.put("instance", instance);
		if (status == 500) {
			example.put("correlationId", "3f1c6a52-2b7e-4c0e-9a51-52f0f0c1d7a4");
		}
		return new ApiResponse().description(description)
			.content(new Content().addMediaType(PROBLEM,
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))
						.addExamples(title.replace(" ", ""), new Example().summary(detail).value(example))));
	}

}
