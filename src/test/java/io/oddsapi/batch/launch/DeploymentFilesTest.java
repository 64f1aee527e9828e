package io.oddsapi.batch.launch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.oddsapi.batch.OddsProperties;
import io.oddsapi.batch.lock.LockProperties;
import io.oddsapi.batch.warehouse.bigquery.BigQueryProperties;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Cloud Run Job definition in job-config/deploy: a job in Cloud Run Jobs mode whose every ODDS_* variable is one
 * the application reads (a mistyped name would be ignored in silence).
 */
class DeploymentFilesTest {

	/** ODDS_* variables the application reads: Cloud Run plan settings and odds.* properties in relaxed form. */
	static Set<String> known() {
		Set<String> names = new java.util.HashSet<>(Set.of("ODDS_ENDPOINT", "ODDS_GAME_DATE", "ODDS_FROM", "ODDS_TO",
				"ODDS_FAULT_HALT", "ODDS_FIRESTORE_EMULATOR"));
		for (var component : OddsProperties.class.getRecordComponents()) {
			names.add("ODDS_" + upperSnake(component.getName()));
		}
		for (var component : LockProperties.class.getRecordComponents()) {
			names.add("ODDS_LOCK_" + upperSnake(component.getName()));
		}
		for (var component : BigQueryProperties.class.getRecordComponents()) {
			names.add("ODDS_BIGQUERY_" + upperSnake(component.getName()));
		}
		return names;
	}

	static String upperSnake(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
	}

	@Test
	@SuppressWarnings("unchecked")
	void theCloudRunJobRunsInCloudRunModeWithVariablesTheApplicationReads() throws IOException {
		Map<String, Object> job;
		try (InputStream in = Files.newInputStream(Path.of("job-config/deploy/cloud-run-job.yaml"))) {
			job = new Yaml().load(in);
		}
		assertThat(job).containsEntry("kind", "Job");
		Map<String, Object> execution = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) job.get("spec"))
			.get("template")).get("spec");
		Map<String, Object> task = (Map<String, Object>) ((Map<String, Object>) execution.get("template")).get("spec");
		assertThat(task.get("maxRetries")).isEqualTo(3);
		List<Map<String, Object>> containers = (List<Map<String, Object>>) task.get("containers");
		List<Map<String, Object>> env = (List<Map<String, Object>>) containers.get(0).get("env");
		assertThat(env).anySatisfy(e -> assertThat(e).containsEntry("name", "ODDS_MODE").containsEntry("value", "cloud-run"));
		Set<String> known = known();
		assertThat(env.stream().map(e -> (String) e.get("name")).filter(n -> n.startsWith("ODDS_")))
			.isNotEmpty()
			.allSatisfy(name -> assertThat(known).as(name + " is read by the application").contains(name));
	}
}
