package io.oddsapi.batch.job;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.ComparedTables;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.InjectedFault;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.TestBucket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.batch.core.BatchStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fail at a deterministic point, relaunch with the same parameters in a new application
 * context (as a new process would), and the tables equal a clean run's, row for row.
 */
class RestartFunctionalTests extends FunctionalTest {

	static final LocalDate DATE = LocalDate.of(2026, 1, 14);

	/**
	 * Three objects; the second holds three events (a list response), so a fault can land
	 * inside it.
	 */
	private void writeDay() {
		TestBucket bucket = bucket();
		String event = """
				{"id":"%s","commence_time":"2026-01-15T00:30:00Z","home_team":"Boston Celtics","away_team":"Miami Heat",
				 "bookmakers":[{"key":"fanduel","title":"FanDuel","markets":[
				  {"key":"h2h","outcomes":[{"name":"Miami Heat","price":%s},{"name":"Boston Celtics","price":1.38}]},
				  {"key":"spreads","outcomes":[{"name":"Miami Heat","price":1.91,"point":8.5},{"name":"Boston Celtics","price":1.91,"point":-8.5}]}]}]}
				""";
		bucket.put("game-lines", DATE, "e1-MIABOS", Instant.parse("2026-01-14T22:00:00Z"),
				event.formatted("e1", "3.0"));
		bucket.put("game-lines", DATE, "e1-MIABOS", Instant.parse("2026-01-14T22:30:00Z"),
				"[" + event.formatted("e1", "3.1") + "," + event.formatted("e2", "2.2") + ","
						+ event.formatted("e3", "2.4") + "]");
		bucket.put("game-lines", DATE, "e1-MIABOS", Instant.parse("2026-01-14T23:00:00Z"),
				event.formatted("e1", "3.2"));
	}

	private Map<String, List<String>> cleanRun(Backend backend) {
		try (JobHarness clean = JobHarness.start(database(backend), bucket().root())) {
			assertThat(clean.run(OddsEndpoint.GAME_LINES, DATE).completed()).isTrue();
			return ComparedTables.of(clean);
		}
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void readerFailsInTheMiddleOfAFileThenRestarts(Backend backend) {
		writeDay();
		String second = TestBucket.objectName("game-lines", DATE, "e1-MIABOS", Instant.parse("2026-01-14T22:30:00Z"));
		failThenRelaunch(backend, InjectedFault.failOnce("read", second + "#2"));
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void writerFailsInTheMiddleOfAChunkThenRestarts(Backend backend) {
		writeDay();
		failThenRelaunch(backend, InjectedFault.failOnce("write", "2"));
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void publishFailsAfterItsMergeThenRestarts(Backend backend) {
		writeDay();
		failThenRelaunch(backend, InjectedFault.failOnce("publish", "odds_api_game_lines"));
	}

	private void failThenRelaunch(Backend backend, InjectedFault fault) {
		var database = database(backend);
		try (JobHarness failing = JobHarness.start(database, bucket().root(), fault, "odds.chunk-size=2")) {
			RunSummary failed = failing.run(OddsEndpoint.GAME_LINES, DATE);
			assertThat(fault.fired()).isTrue();
			assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
			assertThat(failed.error()).startsWith("injected fault");
		}
		try (JobHarness relaunch = JobHarness.start(database, bucket().root(), "odds.chunk-size=2")) {
			RunSummary restarted = relaunch.run(OddsEndpoint.GAME_LINES, DATE);
			assertThat(restarted.completed()).as(restarted.format()).isTrue();
			assertThat(restarted.run()).as("the failed run is restarted, not a new one").isEqualTo(1);
			assertThat(restarted.counts().events()).as("every event counted once").isEqualTo(5);
			assertThat(restarted.mergeStatements()).as("the data table and the ledger").isEqualTo(2);
			assertThat(restarted.report().tables().get(0).staged()).as("staging as a clean run's: no row twice")
				.isEqualTo(20);
			assertThat(relaunch.rows("odds_api_game_lines")).hasSize(20);
			ComparedTables.assertSameRows(ComparedTables.of(relaunch), cleanRun(backend));
			for (String staging : List.of("stg_odds_api_game_lines", "stg_odds_api_player_props",
					"stg_odds_api_rejected_files")) {
				assertThat(relaunch.count(staging)).as(staging + " emptied").isZero();
			}
		}
	}

}
