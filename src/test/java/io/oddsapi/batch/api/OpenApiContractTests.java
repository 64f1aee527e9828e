package io.oddsapi.batch.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.oddsapi.batch.support.ApiClient;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.RequiredServices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's description as a client sees it: every operation summarised, with a
 * meaningful id, JSON in and out, and every error it answers as a problem with an
 * example; Redocly's recommended rules pass with no error, warning only that it names no
 * licence; and it is the very document the Java client in {@code docs/openapi.json} is
 * generated from (see {@link GeneratedClientFunctionalTests}).
 */
class OpenApiContractTests extends FunctionalTest {

	/**
	 * The committed contract; {@code ODDS_WRITE_OPENAPI=true} rewrites it from the served
	 * document.
	 */
	static final Path CONTRACT = Path.of("docs", "openapi.json");

	static final Path SERVED = Path.of("target", "openapi.json");

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private JsonNode document;

	private String served;

	@BeforeEach
	void serve() throws IOException {
		JobHarness server = start(database(Backend.H2), "odds.mode=server", "server.port=0",
				"odds.api.token=contract-token-0123456789");
		served = JSON.writeValueAsString(JSON.readTree(ApiClient.of(server, null).get("/v3/api-docs").body())) + "\n";
		document = JSON.readTree(served);
		Files.createDirectories(SERVED.getParent());
		Files.writeString(SERVED, served);
	}

	@Test
	void everyOperationIsSummarisedNamedAndAnswersJsonOrProblems() {
		List<String> ids = new ArrayList<>();
		document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
			JsonNode operation = method.getValue();
			String where = method.getKey().toUpperCase() + " " + path.getKey();
			ids.add(operation.path("operationId").asString());
			assertThat(operation.path("summary").asString()).as(where + " summary").isNotBlank();
			assertThat(operation.path("operationId").asString()).as(where + " operation id")
				.matches("[a-z][A-Za-z]{6,}");
			assertThat(operation.path("responses").has("401")).as(where + " 401").isTrue();
			assertThat(operation.path("responses").has("500")).as(where + " 500").isTrue();
			operation.path("responses").properties().forEach(response -> {
				JsonNode content = response.getValue().path("content");
				content.propertyNames()
					.forEach(type -> assertThat(type).as(where + " " + response.getKey())
						.isIn("application/json", "application/problem+json"));
			});
		}));
		assertThat(ids).contains("launchBatch", "listExecutions", "getExecution", "restartExecution", "stopExecution",
				"recoverExecution", "abandonExecution", "getCoverage", "listLocks", "listDates", "listDailyFigures",
				"receiveGcsNotification");
		assertThat(served).doesNotContain("*/*").doesNotContain("/console");
		for (String error : List.of("BadRequest", "Unauthorized", "NotFound", "Conflict", "ServiceUnavailable",
				"InternalError")) {
			JsonNode problem = document.path("components")
				.path("responses")
				.path(error)
				.path("content")
				.path("application/problem+json");
			assertThat(problem.path("examples").size()).as(error + " has an example").isEqualTo(1);
		}
		JsonNode restart = document.path("paths")
			.path("/api/v1/executions/{id}/restart")
			.path("post")
			.path("responses");
		assertThat(restart.propertyNames()).contains("202", "401", "404", "409", "500", "503");
	}

	@Test
	void redoclysRecommendedRulesPassWithoutAnErrorAndWarnOnlyOfTheMissingLicence() throws Exception {
		Path redocly = redocly();
		Process lint = new ProcessBuilder(redocly.toString(), "lint", "--config", "redocly.yaml", "--format", "json",
				SERVED.toString())
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(lint.waitFor(2, TimeUnit.MINUTES)).isTrue();
		JsonNode report = JSON.readTree(output);
		assertThat(report.path("totals").path("errors").asInt()).as(output).isZero();
		List<String> warnings = new ArrayList<>();
		report.path("problems").forEach(problem -> warnings.add(problem.path("ruleId").asString()));
		assertThat(warnings).as(output).containsOnly("info-license");
		assertThat(lint.exitValue()).as(output).isZero();
	}

	@Test
	void theCommittedContractIsTheServedDocument() throws IOException {
		if ("true".equalsIgnoreCase(System.getenv("ODDS_WRITE_OPENAPI"))) {
			Files.writeString(CONTRACT, served);
		}
		assertThat(Files.readString(CONTRACT)).as("docs/openapi.json differs from what the server describes: "
				+ "regenerate it with ODDS_WRITE_OPENAPI=true ./mvnw test -Dtest=OpenApiContractTests, and the client "
				+ "with it")
			.isEqualTo(served);
	}

	/** Redocly's CLI from npm: ODDS_REDOCLY, or where .ci/run installs it. */
	private static Path redocly() {
		Path installed = Path.of(System.getenv().getOrDefault("ODDS_REDOCLY", ".ci/tools/node_modules/.bin/redocly"));
		if (!Files.isExecutable(installed)) {
			RequiredServices.unavailable("Redocly's CLI is needed to lint the API description: npm install --prefix "
					+ ".ci/tools @redocly/cli@2.77.0 (or set ODDS_REDOCLY)");
		}
		return installed;
	}

}
