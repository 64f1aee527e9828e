package io.oddsapi.batch.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.oddsapi.batch.lock.BatchLock;
import io.oddsapi.batch.lock.LockKey;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.AppProcess;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.TestDay;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a run makes visible: its meters (ours and Spring Batch's), and its log lines as
 * Cloud Logging reads them.
 */
class ObservabilityFunctionalTests extends FunctionalTest {

	private static double count(MeterRegistry registry, String name, String... tags) {
		var counter = registry.find(name).tags(tags).counter();
		return counter == null ? 0 : counter.count();
	}

	@Test
	void aRunCountsObjectsRowsRejectsMergesAndLockClaims() {
		TestDay.cycle(bucket(), 0, 3);
		bucket().put("game-lines", TestDay.DATE, "x9-MIABOS", Instant.parse("2026-01-14T23:00:00Z"),
				"{\"message\":\"quota\"}");
		JobHarness app = start(database(Backend.H2), "odds.max-rejected-ratio=0.5");
		assertThat(app.run(OddsEndpoint.GAME_LINES, TestDay.DATE).completed()).isTrue();
		MeterRegistry registry = app.bean(MeterRegistry.class);
		assertThat(count(registry, "odds.objects", "endpoint", "game-lines", "outcome", "published")).isEqualTo(3);
		assertThat(count(registry, "odds.objects", "endpoint", "game-lines", "outcome", "rejected")).isEqualTo(1);
		long rows = app.count("odds_api_game_lines");
		assertThat(rows).as("3 objects of 2 outcomes each, read from the table").isEqualTo(6);
		assertThat(count(registry, "odds.rows.staged", "endpoint", "game-lines")).isEqualTo(rows);
		assertThat(count(registry, "odds.rows.merged", "table", "odds_api_game_lines", "change", "inserted"))
			.isEqualTo(rows);
		assertThat(count(registry, "odds.runs", "endpoint", "game-lines", "status", "COMPLETED")).isEqualTo(1);
		assertThat(registry.find("odds.publish").tags("endpoint", "game-lines").timer().count()).isEqualTo(1);
		assertThat(count(registry, "odds.lock.claims", "endpoint", "game-lines", "outcome", "acquired")).isEqualTo(1);
		assertThat(registry.find("spring.batch.job").timer()).as("Spring Batch's own meters").isNotNull();

		app.bean(BatchLock.class)
			.acquire(LockKey.of(OddsEndpoint.GAME_LINES, TestDay.DATE), "other", "host-b", "test",
					Duration.ofMinutes(5));
		app.launch(OddsEndpoint.GAME_LINES, TestDay.DATE);
		assertThat(count(registry, "odds.lock.claims", "endpoint", "game-lines", "outcome", "coalesced")).isEqualTo(1);
	}

	/**
	 * The gcp profile's log format, on a real process: every line JSON, the job's lines
	 * labelled with their run.
	 */
	@Test
	void logsOneJsonObjectPerLineLabelledWithTheRun() {
		TestDay.cycle(bucket(), 0, 2);
		AppProcess app = AppProcess.start(tempDir.resolve("json-logs"), database(Backend.H2), bucket().root(), Map.of(),
				"endpoint=game-lines", "gameDate=2026-01-14",
				"--logging.structured.format.console=io.oddsapi.batch.observe.CloudLoggingFormat");
		assertThat(app.waitFor()).as(app.output()).isZero();
		JsonMapper json = JsonMapper.builder().build();
		List<JsonNode> lines = app.output().lines().filter(line -> !line.isBlank()).map(json::readTree).toList();
		assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line.path("severity").asString()).isNotEmpty());
		assertThat(lines).filteredOn(line -> line.path("message").asString().contains("objects to read"))
			.singleElement()
			.satisfies(line -> {
				JsonNode labels = line.path("logging.googleapis.com/labels");
				assertThat(labels.path("endpoint").asString()).isEqualTo("game-lines");
				assertThat(labels.path("gameDate").asString()).isEqualTo("2026-01-14");
			});
		assertThat(lines).filteredOn(line -> line.path("message").asString().startsWith("published run 1"))
			.singleElement()
			.satisfies(line -> assertThat(line.path("logging.googleapis.com/labels").path("executionId").asString())
				.isEqualTo("1"));
	}

}
