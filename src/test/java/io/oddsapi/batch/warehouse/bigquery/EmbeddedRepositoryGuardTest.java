package io.oddsapi.batch.warehouse.bigquery;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedRepositoryGuardTest {

	static final String H2 = "jdbc:h2:file:./data/odds;AUTO_SERVER=TRUE";

	private static void start(String profile, Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.setActiveProfiles(profile);
		environment.getPropertySources().addFirst(new MapPropertySource("test", new HashMap<>(properties)));
		new EmbeddedRepositoryGuard().postProcessEnvironment(environment, new SpringApplication());
	}

	@Test
	void theGcpProfileRefusesBigQueryOnTheEmbeddedRepositoryNamingThePropertyToSet() {
		assertThatThrownBy(() -> start("gcp", Map.of("odds.warehouse", "bigquery", "spring.datasource.url", H2)))
			.hasMessageContaining("the job repository is the embedded H2 database (" + H2 + ")")
			.hasMessageContaining("set spring.datasource.url (SPRING_DATASOURCE_URL)");
	}

	@Test
	void postgresqlADryRunAnotherWarehouseOrAnotherProfileStart() {
		assertThatCode(() -> start("gcp",
				Map.of("odds.warehouse", "bigquery", "spring.datasource.url", "jdbc:postgresql://10.0.0.3:5432/odds")))
			.doesNotThrowAnyException();
		assertThatCode(() -> start("gcp",
				Map.of("odds.warehouse", "bigquery", "spring.datasource.url", H2, "odds.dry-run", "./dry-run.sql")))
			.doesNotThrowAnyException();
		assertThatCode(() -> start("gcp", Map.of("odds.warehouse", "jdbc", "spring.datasource.url", H2)))
			.doesNotThrowAnyException();
		assertThatCode(() -> start("default", Map.of("odds.warehouse", "bigquery", "spring.datasource.url", H2)))
			.doesNotThrowAnyException();
	}

}
