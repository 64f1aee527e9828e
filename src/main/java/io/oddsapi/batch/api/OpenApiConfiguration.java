package io.oddsapi.batch.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description served at {@code /v3/api-docs}. */
@ServerMode
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI oddsApi() {
		return new OpenAPI()
			.info(new Info().title("oddsapi-batch")
				.version("v1")
				.description("Launch, watch and restart the Odds API batch job per endpoint and game date; "
						+ "receive Cloud Storage notifications. Errors are RFC 9457 problem details."))
			.components(new Components().addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
				.scheme("bearer")
				.description("odds.api.token, or a Google-signed OIDC ID token")))
			.addSecurityItem(new SecurityRequirement().addList("bearer"));
	}
}
