package io.oddsapi.batch.launch;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.AppProcess;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.ComparedTables;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.TestDay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cloud Run Jobs mode as real processes of the packaged jar (an integration test:
 * failsafe runs it after package): exit codes, tasks sharing a date range, SIGTERM then a
 * retried attempt.
 */
class CloudRunProcessIT extends FunctionalTest {

	static final LocalDate DATE = LocalDate.of(2026, 1, 14);

	private AppProcess task(Backend.TestDatabase database, String name, Map<String, String> env, String... args) {
		Map<String, String> all = new HashMap<>(Map.of("ODDS_MODE", "cloud-run", "CLOUD_RUN_EXECUTION", "odds-job-1"));
		all.putAll(env);
		return AppProcess.startPackaged(tempDir.resolve(name), database, bucket().root(), all, args);
	}

	@Test
	void exitsZeroWhenDoneOrNothingToDoAndOneWhenARunFails() {
		TestDay.cycle(bucket(), 0, 2);
		Backend.TestDatabase database = database(Backend.H2);
		Map<String, String> day = Map.of("ODDS_ENDPOINT", "game-lines", "ODDS_GAME_DATE", DATE.toString());
		AppProcess first = task(database, "first", day);
		assertThat(first.waitFor()).as(first.output()).isZero();
		AppProcess again = task(database, "again", day);
		assertThat(again.waitFor()).as(again.output()).isZero();
		assertThat(again.output()).contains("game-lines 2026-01-14: nothing new");
		bucket().put("game-lines", DATE, "x1-MIABOS", Instant.parse("2026-01-14T23:59:00Z"), "{\"message\":\"quota\"}");
		// 1 of 1 rejected
		AppProcess failing = task(database, "failing", day, "--odds.max-rejected-ratio-min-files=1");
		assertThat(failing.waitFor()).as(failing.output()).isEqualTo(1);
		AppProcess unusable = task(database, "unusable", Map.of("ODDS_GAME_DATE", DATE.toString()));
		assertThat(unusable.waitFor()).isEqualTo(2);
		assertThat(unusable.output()).contains("oddsapi-batch: give endpoint=... or ODDS_ENDPOINT");
	}

	@Test
	void tenDatesOverThreeTasksRunEachDateOnce() {
		for (int d = 1; d <= 10; d++) {
			bucket().put("game-lines", LocalDate.of(2026, 1, d), "e1-MIABOS", Instant.parse("2026-01-14T23:00:00Z"),
					TestDay.EVENT.formatted("e" + d, "2.5"));
		}
		Backend.TestDatabase database = database(Backend.H2);
		List<AppProcess> tasks = List.of(0, 1, 2)
			.stream()
			.map(i -> task(database, "task" + i,
					Map.of("ODDS_ENDPOINT", "game-lines", "ODDS_FROM", "2026-01-01", "ODDS_TO", "2026-01-10",
							"CLOUD_RUN_TASK_INDEX", i.toString(), "CLOUD_RUN_TASK_COUNT", "3")))
			.toList();
		for (AppProcess task : tasks) {
			assertThat(task.waitFor()).as(task.output()).isZero();
		}
		try (JobHarness check = JobHarness.start(database, bucket().root())) {
			// one run (job instance) per date; a run restarted after a lost connection
			// adds executions, not runs
			assertThat(check.jdbc()
				.queryForList("SELECT p.parameter_value, COUNT(DISTINCT e.job_instance_id) AS runs"
						+ " FROM batch_job_execution_params p JOIN batch_job_execution e"
						+ " ON e.job_execution_id = p.job_execution_id WHERE p.parameter_name = 'gameDate'"
						+ " GROUP BY p.parameter_value"))
				.hasSize(10)
				.allSatisfy(row -> assertThat(((Number) row.get("runs")).longValue()).isEqualTo(1));
			assertThat(check.jdbc()
				.queryForList("SELECT DISTINCT parameter_value FROM batch_job_execution_params"
						+ " WHERE parameter_name = 'cloudRunTaskIndex'", String.class))
				.containsExactlyInAnyOrder("0", "1", "2");
			assertThat(check.count("odds_api_game_lines")).isEqualTo(20);
		}
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void sigtermStopsTheRunAndTheRetriedAttemptCompletesIt(Backend backend) {
		List<String> names = TestDay.cycle(bucket(), 0, 4);
		Backend.TestDatabase database = database(backend);
		Map<String, String> day = Map.of("ODDS_ENDPOINT", "game-lines", "ODDS_GAME_DATE", DATE.toString());
		Map<String, String> halted = new HashMap<>(day);
		halted.put("ODDS_FAULT_HALT", "read:" + names.get(2) + "#0");
		AppProcess attempt0 = task(database, "attempt0", halted, "--odds.chunk-size=1");
		attempt0.awaitOutput("ODDS FAULT HALT");
		attempt0.terminate();
		assertThat(attempt0.waitFor()).as(attempt0.output()).isNotZero();
		Map<String, String> retry = new HashMap<>(day);
		retry.put("CLOUD_RUN_TASK_ATTEMPT", "1");
		AppProcess attempt1 = task(database, "attempt1", retry, "--odds.chunk-size=1");
		assertThat(attempt1.waitFor()).as(attempt1.output()).isZero();
		try (JobHarness check = JobHarness.start(database, bucket().root());
				JobHarness clean = JobHarness.start(database(backend), bucket().root())) {
			assertThat(check.jdbc()
				.queryForList("SELECT status FROM batch_job_execution ORDER BY job_execution_id", String.class))
				.as(attempt0.output())
				.containsExactly("STOPPED", "COMPLETED");
			clean.launch(OddsEndpoint.GAME_LINES, DATE);
			ComparedTables.assertSameRows(ComparedTables.of(check), ComparedTables.of(clean));
		}
	}

}
