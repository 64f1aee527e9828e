package io.oddsapi.batch.job;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.oddsapi.batch.run.LaunchOutcome;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.warehouse.PublishReport.TableReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Running a date again: nothing changes unless the files did. */
class RerunFunctionalTests extends FunctionalTest {

	static final LocalDate DATE = LocalDate.of(2026, 1, 14);

	static final String EVENT = """
			{"id":"e1","commence_time":"2026-01-15T00:30:00Z","home_team":"Boston Celtics","away_team":"Miami Heat",
			 "bookmakers":[{"key":"fanduel","title":"FanDuel","last_update":"2026-01-14T22:59:00Z","markets":[
			  {"key":"h2h","outcomes":[{"name":"Miami Heat","price":%s},{"name":"Boston Celtics","price":1.38}]},
			  {"key":"totals","outcomes":[{"name":"Over","price":1.91,"point":221.5},{"name":"Under","price":1.91,"point":221.5}]}]}]}
			""";

	@ParameterizedTest
	@EnumSource(Backend.class)
	void sameDateTwiceChangesNothing(Backend backend) {
		bucket().put("game-lines", DATE, "e1-MIABOS", Instant.parse("2026-01-14T23:00:00Z"), EVENT.formatted("3.1"));
		JobHarness job = start(database(backend));
		job.run(OddsEndpoint.GAME_LINES, DATE);
		List<String> before = everyColumn(job);
		LaunchOutcome again = job.launch(OddsEndpoint.GAME_LINES, DATE);
		assertThat(again.kind()).isEqualTo(LaunchOutcome.Kind.NOTHING_NEW);
		assertThat(again.runs()).isEmpty();
		assertThat(everyColumn(job)).isEqualTo(before);
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void aNewSnapshotAddsExactlyItsRows(Backend backend) {
		bucket().put("game-lines", DATE, "e1-MIABOS", Instant.parse("2026-01-14T23:00:00Z"), EVENT.formatted("3.1"));
		JobHarness job = start(database(backend));
		job.run(OddsEndpoint.GAME_LINES, DATE);
		List<String> first = job.rows("odds_api_game_lines");
		bucket().put("game-lines", DATE, "e1-MIABOS", Instant.parse("2026-01-14T23:30:00Z"), EVENT.formatted("3.2"));
		RunSummary second = job.run(OddsEndpoint.GAME_LINES, DATE);
		assertThat(second.objects()).as("only the new object is read").isEqualTo(1);
		assertThat(second.alreadyPublished()).isEqualTo(1);
		assertThat(second.report().tables()).contains(new TableReport("odds_api_game_lines", 4, 4, 4, 0));
		assertThat(job.rows("odds_api_game_lines")).hasSize(8).containsAll(first);
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void unchangedRowsAreLeftAloneWhenAChangedObjectIsRepublished(Backend backend) {
		String name = bucket().put("game-lines", DATE, "e1-MIABOS", Instant.parse("2026-01-14T23:00:00Z"),
				EVENT.formatted("3.1"));
		JobHarness job = start(database(backend));
		job.run(OddsEndpoint.GAME_LINES, DATE);
		List<String> before = everyColumn(job);
		bucket().put(name, EVENT.formatted("3.1").getBytes(StandardCharsets.UTF_8));
		RunSummary again = job.run(OddsEndpoint.GAME_LINES, DATE);
		assertThat(again.report().tables()).contains(new TableReport("odds_api_game_lines", 4, 4, 0, 0));
		assertThat(everyColumn(job)).as("even processed_at stays: identical rows are left alone").isEqualTo(before);
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void aChangedPriceUpdatesInPlace(Backend backend) {
		String name = bucket().put("game-lines", DATE, "e1-MIABOS", Instant.parse("2026-01-14T23:00:00Z"),
				EVENT.formatted("3.1"));
		JobHarness job = start(database(backend));
		job.run(OddsEndpoint.GAME_LINES, DATE);
		bucket().put("game-lines", DATE, "e1-MIABOS", Instant.parse("2026-01-14T23:00:00Z"), EVENT.formatted("3.4"));
		RunSummary second = job.run(OddsEndpoint.GAME_LINES, DATE);
		assertThat(second.objects()).as("a changed object is read again").isEqualTo(1);
		assertThat(second.report().tables()).contains(new TableReport("odds_api_game_lines", 4, 4, 0, 1));
		assertThat(job.count("odds_api_game_lines")).isEqualTo(4);
		assertThat(job.rowMaps("odds_api_game_lines", "outcome_name = 'Miami Heat'")).singleElement().satisfies(row -> {
			assertThat(row.get("outcome_price")).isEqualTo(3.4);
			assertThat(row.get("outcome_price_american")).isEqualTo(240L);
			assertThat(row.get("source_file_path")).isEqualTo(name);
			assertThat(row.get("processed_at")).isNotEqualTo(row.get("created_at"));
		});
	}

	private static List<String> everyColumn(JobHarness job) {
		return job.jdbc()
			.queryForList("SELECT * FROM odds_api_game_lines")
			.stream()
			.map(Object::toString)
			.sorted()
			.toList();
	}

}
