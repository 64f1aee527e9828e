package io.oddsapi.batch.job;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import io.oddsapi.batch.samples.SampleBucketGenerator;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.TestDay;
import io.oddsapi.batch.support.TestValues;
import io.oddsapi.batch.warehouse.PublishReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The happy path: a date's files become rows, one MERGE per table, exact values. */
class PublishFunctionalTests extends FunctionalTest {

	static final LocalDate DATE = LocalDate.of(2026, 1, 14);

	static final String FOLDER = "e1-MIABOS";

	@ParameterizedTest
	@EnumSource(Backend.class)
	void publishesEveryEndpointAndDateOfTheSampleBucket(Backend backend) {
		new SampleBucketGenerator(SampleBucketGenerator.Spec.bundled()).writeTo(bucket().root());
		JobHarness job = start(database(backend));
		for (LocalDate date : SampleBucketGenerator.Spec.bundled().dates()) {
			for (OddsEndpoint endpoint : OddsEndpoint.values()) {
				RunSummary summary = job.run(endpoint, date);
				assertThat(summary.completed()).as(summary.format()).isTrue();
				boolean lines = endpoint.family() == OddsEndpoint.Family.GAME_LINES;
				assertThat(summary.mergeStatements()).as("the data tables and the ledger").isEqualTo(lines ? 2 : 3);
				assertThat(summary.counts().rejections()).isEmpty();
				Map<String, Long> inserted = new TreeMap<>();
				summary.report().tables().forEach(table -> {
					assertThat(table.updated()).as(table.table()).isZero();
					inserted.put(table.table(), table.inserted());
				});
				assertThat(inserted).as(endpoint + " " + date)
					.isEqualTo(SAMPLE_ROWS.get(endpoint.family() + " " + date));
			}
		}
		// 2 endpoints of each family, 2 dates; 6 objects a run
		assertThat(job.count("odds_api_game_lines")).isEqualTo(4 * 192);
		assertThat(job.count("odds_api_player_props")).isEqualTo(2 * (408 + 432));
		assertThat(job.count("odds_api_player_points_props")).isEqualTo(2 * (102 + 108));
		assertThat(job.count("odds_api_published_objects")).isEqualTo(8 * 6);
		assertThat(job.count("odds_api_rejected_files")).isZero();
		assertThat(job.jdbc()
			.queryForObject("SELECT COUNT(*) FROM odds_api_player_props WHERE market_key = 'player_points'",
					Long.class))
			.as("the legacy points table holds the points market's rows")
			.isEqualTo(2 * (102 + 108));
	}

	/**
	 * The bundled sample's rows of one run, pinned rather than taken from the job's
	 * report: each of a date's 6 game-lines objects has 32 outcomes; a props run has 408
	 * outcomes on the 14th (102 of them points), 432 on the 15th (108).
	 * {@code SampleBucketTest} holds the checked-in bucket to the generator.
	 */
	static final Map<String, Map<String, Long>> SAMPLE_ROWS = Map.of("GAME_LINES 2026-01-14",
			Map.of("odds_api_game_lines", 192L, "odds_api_published_objects", 6L), "GAME_LINES 2026-01-15",
			Map.of("odds_api_game_lines", 192L, "odds_api_published_objects", 6L), "PLAYER_PROPS 2026-01-14",
			Map.of("odds_api_player_props", 408L, "odds_api_player_points_props", 102L, "odds_api_published_objects",
					6L),
			"PLAYER_PROPS 2026-01-15", Map.of("odds_api_player_props", 432L, "odds_api_player_points_props", 108L,
					"odds_api_published_objects", 6L));

	@ParameterizedTest
	@EnumSource(Backend.class)
	void playerPropsPairSidesAndStoreBothPriceForms(Backend backend) {
		String name = bucket().put("player-props", DATE, FOLDER, Instant.parse("2026-01-14T23:00:00Z"), """
				{"id":"e1","sport_key":"basketball_nba","sport_title":"NBA","commence_time":"2026-01-15T00:30:00Z",
				 "home_team":"Boston Celtics","away_team":"Miami Heat","bookmakers":[
				  {"key":"draftkings","title":"DraftKings","last_update":"2026-01-14T22:59:00Z","markets":[
				   {"key":"player_points","outcomes":[
				     {"name":"Over","description":"Jaylen Brown","price":-110,"point":24.5},
				     {"name":"Under","description":"Jaylen Brown","price":-120,"point":24.5},
				     {"name":"Over","description":"Tyler Herro","price":250,"point":21.5}]},
				   {"key":"player_points_alternate","outcomes":[
				     {"name":"Over","description":"Jaylen Brown","price":150,"point":29.5},
				     {"name":"Over","description":"Jaylen Brown","price":300,"point":34.5}]}]}]}
				""");
		JobHarness job = start(database(backend));
		RunSummary summary = job.run(OddsEndpoint.PLAYER_PROPS, DATE);
		assertThat(summary.completed()).as(summary.format()).isTrue();
		List<String> rows = job.rowMaps("odds_api_player_props", "")
			.stream()
			.map(r -> columns(r, "market_key", "player_name", "player_lookup", "line", "over_price",
					"over_price_american", "under_price", "under_price_american", "minutes_before_tipoff",
					"home_team_abbr", "away_team_abbr", "snapshot_timestamp", "bookmaker_last_update",
					"source_file_path", "data_source"))
			.sorted()
			.toList();
		String tail = "|90|BOS|MIA|2026-01-14T23:00:00Z|2026-01-14T22:59:00Z|" + name + "|current";
		assertThat(rows).containsExactly(
				"player_points_alternate|Jaylen Brown|jaylenbrown|29.5|2.5|150|NULL|NULL" + tail,
				"player_points_alternate|Jaylen Brown|jaylenbrown|34.5|4.0|300|NULL|NULL" + tail,
				"player_points|Jaylen Brown|jaylenbrown|24.5|1.9091|-110|1.8333|-120" + tail,
				"player_points|Tyler Herro|tylerherro|21.5|3.5|250|NULL|NULL" + tail);
		List<String> legacy = job.rowMaps("odds_api_player_points_props", "")
			.stream()
			.map(r -> columns(r, "game_id", "odds_api_event_id", "game_date", "game_start_time", "home_team_abbr",
					"away_team_abbr", "snapshot_timestamp", "snapshot_tag", "capture_timestamp",
					"minutes_before_tipoff", "bookmaker", "player_name", "player_lookup", "points_line", "over_price",
					"under_price", "over_price_american", "under_price_american", "bookmaker_last_update",
					"source_file_path", "data_source"))
			.sorted()
			.toList();
		String event = "20260114_MIA_BOS|e1|2026-01-14|2026-01-15T00:30:00Z|BOS|MIA|2026-01-14T23:00:00Z|snap-2300"
				+ "|2026-01-14T23:00:00Z|90|draftkings|";
		String source = "|2026-01-14T22:59:00Z|" + name + "|current";
		assertThat(legacy).as("the points lines again, in the platform's legacy table and shape")
			.containsExactly(event + "Jaylen Brown|jaylenbrown|24.5|1.9091|1.8333|-110|-120" + source,
					event + "Tyler Herro|tylerherro|21.5|3.5|NULL|250|NULL" + source);
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void historicalWrapperAndListShapesGiveTheirSnapshotTimes(Backend backend) {
		String event = """
				{"id":"%s","commence_time":%s,"home_team":"Boston Celtics","away_team":"Miami Heat",
				 "bookmakers":[{"key":"fanduel","title":"FanDuel","markets":[{"key":"h2h","outcomes":[
				  {"name":"Miami Heat","price":3.1},{"name":"Boston Celtics","price":1.38}]}]}]}
				""";
		String history = bucket().put("game-lines-history", DATE, FOLDER, Instant.parse("2026-01-14T22:00:00Z"),
				"{\"timestamp\":\"2026-01-14T22:00:07Z\",\"previous_timestamp\":\"2026-01-14T21:55:07Z\","
						+ "\"next_timestamp\":\"2026-01-14T22:05:07Z\",\"data\":["
						+ event.formatted("e1", "\"2026-01-15T00:30:00Z\"") + "," + event.formatted("e2", "1768437000")
						+ "]}");
		bucket().put("game-lines", DATE, FOLDER, Instant.parse("2026-01-14T23:00:00Z"),
				"[" + event.formatted("e1", "1768437000") + "]");
		JobHarness job = start(database(backend));
		assertThat(job.run(OddsEndpoint.GAME_LINES_HISTORY, DATE).completed()).isTrue();
		assertThat(job.run(OddsEndpoint.GAME_LINES, DATE).completed()).isTrue();
		List<String> rows = job.rowMaps("odds_api_game_lines", "outcome_name = 'Miami Heat'")
			.stream()
			.map(r -> columns(r, "game_id", "snapshot_timestamp", "previous_snapshot_timestamp",
					"next_snapshot_timestamp", "commence_time", "bookmaker_last_update", "market_last_update",
					"outcome_price", "outcome_price_american", "outcome_point", "data_source", "game_date"))
			.sorted()
			.toList();
		assertThat(rows).containsExactly(
				"e1|2026-01-14T22:00:07Z|2026-01-14T21:55:07Z|2026-01-14T22:05:07Z|2026-01-15T00:30:00Z"
						+ "|2026-01-14T22:00:07Z|2026-01-14T22:00:07Z|3.1|210|NULL|historical|2026-01-14",
				"e1|2026-01-14T23:00:00Z|NULL|NULL|2026-01-15T00:30:00Z"
						+ "|2026-01-14T23:00:00Z|2026-01-14T23:00:00Z|3.1|210|NULL|current|2026-01-14",
				"e2|2026-01-14T22:00:07Z|2026-01-14T21:55:07Z|2026-01-14T22:05:07Z|2026-01-15T00:30:00Z"
						+ "|2026-01-14T22:00:07Z|2026-01-14T22:00:07Z|3.1|210|NULL|historical|2026-01-14");
		assertThat(job.rowMaps("odds_api_game_lines", "game_id = 'e2'")).extracting(r -> r.get("source_file_path"))
			.containsOnly(history);
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void rowsSharingAKeyInOneRunCollapseToTheLatest(Backend backend) {
		// one book lists the same outcome twice (the last one wins); two backfill files
		// carry the same snapshot
		String twice = """
				{"timestamp":"2026-01-14T22:00:00Z","data":{"id":"e1","commence_time":"2026-01-15T00:30:00Z",
				 "home_team":"Boston Celtics","away_team":"Miami Heat","bookmakers":[{"key":"fanduel","markets":[
				 {"key":"h2h","outcomes":[{"name":"Miami Heat","price":%s},{"name":"Miami Heat","price":%s}]}]}]}}
				""";
		bucket().put("game-lines-history", DATE, FOLDER, Instant.parse("2026-01-14T22:00:00Z"),
				twice.formatted("3.0", "3.1"));
		String later = bucket().put("game-lines-history", DATE, FOLDER, Instant.parse("2026-01-14T22:05:00Z"),
				twice.formatted("3.2", "3.3"));
		JobHarness job = start(database(backend));
		RunSummary summary = job.run(OddsEndpoint.GAME_LINES_HISTORY, DATE);
		assertThat(summary.report().tables().get(0))
			.isEqualTo(new PublishReport.TableReport("odds_api_game_lines", 4, 1, 1, 0));
		assertThat(job.rowMaps("odds_api_game_lines", "")).singleElement()
			.satisfies(r -> assertThat(columns(r, "outcome_price", "source_file_path")).isEqualTo("3.3|" + later));
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void anotherSportsTeamsAreAWarningNotAFailure(Backend backend) {
		bucket().put("game-lines", DATE, "n1-NYRBOS", Instant.parse("2026-01-14T23:00:00Z"),
				"""
						{"id":"n1","sport_key":"icehockey_nhl","commence_time":"2026-01-15T00:00:00Z","home_team":"Boston Bruins",
						 "away_team":"New York Rangers","bookmakers":[{"key":"unibet_us","title":"Unibet","markets":[
						 {"key":"h2h","last_update":"2026-01-14T22:10:14Z","outcomes":[{"name":"Boston Bruins","price":1.7}]}]}]}
						""");
		JobHarness job = start(database(backend));
		RunSummary summary = job.run(OddsEndpoint.GAME_LINES, DATE);
		assertThat(summary.completed()).isTrue();
		assertThat(summary.counts().unknownTeamEvents()).isEqualTo(1);
		assertThat(summary.format()).contains("warnings: 1 events with a team that is not an NBA team");
		assertThat(job.rowMaps("odds_api_game_lines", "")).singleElement()
			.satisfies(r -> assertThat(
					columns(r, "home_team", "home_team_abbr", "away_team_abbr", "outcome_price_american"))
				.isEqualTo("Boston Bruins|NULL|NULL|-143"));
	}

	static String columns(Map<String, Object> row, String... names) {
		StringBuilder out = new StringBuilder();
		for (String name : names) {
			out.append(out.isEmpty() ? "" : "|").append(TestValues.normalize(row.get(name)));
		}
		return out.toString();
	}

	/**
	 * Issue 14: the {@code publish} fault point used to fire after every MERGE had run,
	 * so the crash points "after each table's MERGE" were one moment. Seen from inside
	 * the publication's own transaction, it now fires after each table's MERGE and before
	 * the next one's.
	 */
	@ParameterizedTest
	@EnumSource(Backend.class)
	void thePublishPointFiresBetweenTheTablesMerges(Backend backend) {
		TestDay.cycle(bucket(), 0, 2);
		List<String> seen = new ArrayList<>();
		AtomicReference<JobHarness> app = new AtomicReference<>();
		FaultInjector probe = (point, detail) -> {
			if (point.equals("publish")) {
				// joins the publication's transaction: sees its uncommitted MERGEs
				JdbcTemplate jdbc = app.get().jdbc();
				seen.add(detail + ": lines "
						+ jdbc.queryForObject("SELECT COUNT(*) FROM odds_api_game_lines", Long.class) + ", ledger "
						+ jdbc.queryForObject("SELECT COUNT(*) FROM odds_api_published_objects", Long.class));
			}
		};
		app.set(start(database(backend), probe));
		assertThat(app.get().run(OddsEndpoint.GAME_LINES, TestDay.DATE).completed()).isTrue();
		assertThat(seen).containsExactly("odds_api_game_lines: lines 4, ledger 0",
				"odds_api_published_objects: lines 4, ledger 2");
	}

}
