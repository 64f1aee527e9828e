package io.oddsapi.batch.warehouse;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.oddsapi.batch.job.RunSummary;
import io.oddsapi.batch.localbigquery.LocalBigQueryProcess;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.AnalyticsDay;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.BigQueryTables;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.OnLocalBigQuery;
import io.oddsapi.batch.support.TestValues;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The consumer views answer what docs/data-model.md says they answer, with the same
 * figures on H2, PostgreSQL and BigQuery (the local BigQuery). Expectations are worked
 * out by hand from {@link AnalyticsDay}'s prices; each game has a snapshot after tip-off
 * with a better price, there to be seen if it ever leaked into a view.
 */
class AnalyticsViewsFunctionalTests extends FunctionalTest {

	static final Offset<Double> EXACT = within(1e-9);

	/** The worked figures are given to four places. */
	static final Offset<Double> FOUR_PLACES = within(5e-5);

	/** A view's rows matching a WHERE clause, columns lower-case. */
	interface Views {

		List<Map<String, Object>> rows(String view, String where);

		default Map<String, Object> one(String view, String where) {
			List<Map<String, Object>> rows = rows(view, where);
			assertThat(rows).as(view + " where " + where).hasSize(1);
			return rows.get(0);
		}

	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void theViewsAnswerOnTheJdbcWarehouse(Backend backend) {
		AnalyticsDay.writeTo(bucket());
		JobHarness job = start(database(backend));
		publish(job);
		answer(job::rowMaps);
	}

	/**
	 * A consumer's filter on the game date reaches below every view's window functions on
	 * PostgreSQL, so a query of one date reads that date's rows, not a season's.
	 */
	@Test
	void aFilterOnTheGameDateReachesTheTableThroughEveryView() {
		JobHarness job = start(database(Backend.POSTGRESQL));
		job.bean(Warehouse.class).prepare();
		for (String family : List.of("odds_api_game_lines", "odds_api_player_props")) {
			for (String view : AnalyticsSql.viewNames(job.bean(RowTables.class).catalog().table(family))) {
				List<String> plan = job.jdbc()
					.queryForList("EXPLAIN SELECT * FROM " + view + " WHERE game_date = DATE '2024-01-24'",
							String.class);
				int window = indexOf(plan, "WindowAgg");
				int dateFilter = indexOf(plan, "game_date = '2024-01-24'");
				assertThat(window).as(view + ":\n" + String.join("\n", plan)).isNotNegative();
				assertThat(dateFilter).as("the date filter is applied below the window:\n" + String.join("\n", plan))
					.isGreaterThan(window);
			}
		}
	}

	private static int indexOf(List<String> plan, String text) {
		for (int i = 0; i < plan.size(); i++) {
			if (plan.get(i).contains(text)) {
				return i;
			}
		}
		return -1;
	}

	@Test
	void theViewsAnswerOnBigQuery() {
		AnalyticsDay.writeTo(bucket());
		try (LocalBigQueryProcess local = LocalBigQueryProcess.start()) {
			String dataset = OnLocalBigQuery.dataset();
			JobHarness job = start(database(Backend.H2), OnLocalBigQuery.properties(local, dataset));
			publish(job);
			var client = local.client(OnLocalBigQuery.PROJECT);
			answer((view, where) -> BigQueryTables.rowMaps(client, dataset, view, where));
		}
	}

	private static void publish(JobHarness job) {
		for (RunSummary run : List.of(job.run(OddsEndpoint.GAME_LINES, AnalyticsDay.DATE_A),
				job.run(OddsEndpoint.GAME_LINES, AnalyticsDay.DATE_B),
				job.run(OddsEndpoint.PLAYER_PROPS, AnalyticsDay.DATE_B))) {
			assertThat(run.completed()).as(run.format()).isTrue();
		}
	}

	private static void answer(Views views) {
		theInGameSnapshotsArePublishedButNoViewShowsThem(views);
		preTipLatestCarriesEachBookmakersNoVigPrices(views);
		openingAndClosingLinesWithTheTrueCloseFlag(views);
		movementStepsAndRecentMoves(views);
		consensusAcrossBookmakers(views);
	}

	static void theInGameSnapshotsArePublishedButNoViewShowsThem(Views views) {
		assertThat(views.rows("odds_api_game_lines", "outcome_price = 3.5"))
			.as("DraftKings' in-game 3.50 was published")
			.hasSize(1);
		assertThat(views.rows("odds_api_player_props", "over_price = 2.5"))
			.as("FanDuel's in-game Over 2.50 was published")
			.hasSize(1);
		for (String family : List.of("odds_api_game_lines", "odds_api_player_props")) {
			for (String view : List.of("_pretip", "_movement")) {
				assertThat(views.rows(family + view, "")).as(family + view)
					.isNotEmpty()
					.allSatisfy(row -> assertThat(instant(row, "snapshot_timestamp"))
						.isBefore(instant(row, "commence_time")));
			}
			assertThat(views.rows(family + "_open_close", "")).isNotEmpty()
				.allSatisfy(row -> assertThat(instant(row, "closing_snapshot_timestamp"))
					.isBefore(instant(row, "commence_time")));
		}
	}

	static void preTipLatestCarriesEachBookmakersNoVigPrices(Views views) {
		List<Map<String, Object>> gameA = views.rows("odds_api_game_lines_pretip", "game_id = 'gameA'");
		assertThat(gameA).as("2 bookmakers x spreads and totals x 2 sides, all from 50 minutes before tip-off")
			.hasSize(8)
			.allSatisfy(row -> assertThat(instant(row, "snapshot_timestamp"))
				.isEqualTo(AnalyticsDay.TIPOFF_A.minusSeconds(50 * 60)));
		assertThat(gameA.get(0).keySet()).as("the table's columns first, then the bookmaker's figures")
			.startsWith("snapshot_timestamp", "previous_snapshot_timestamp", "next_snapshot_timestamp", "game_id")
			.endsWith("processed_at", "outcome_implied_probability", "overround", "outcome_fair_probability");
		Map<String, Object> atlanta = views.one("odds_api_game_lines_pretip",
				"game_id = 'gameA' AND bookmaker_key = 'draftkings' AND market_key = 'spreads' AND outcome_name = 'Atlanta Hawks'");
		assertThat(number(atlanta, "outcome_price")).as("not the in-game 3.50").isEqualTo(1.95);
		assertThat(number(atlanta, "outcome_point")).isEqualTo(7.0);
		assertThat(number(atlanta, "outcome_implied_probability")).isCloseTo(1 / 1.95, EXACT);
		assertThat(number(atlanta, "overround")).isCloseTo(1 / 1.95 + 1 / 1.87 - 1, EXACT);
		assertThat(number(atlanta, "outcome_fair_probability")).isCloseTo((1 / 1.95) / (1 / 1.95 + 1 / 1.87), EXACT);

		Map<String, Object> minus110 = views.one("odds_api_game_lines_pretip",
				"game_id = 'gameB' AND bookmaker_key = 'draftkings' AND outcome_name = 'Memphis Grizzlies'");
		assertThat(minus110.get("outcome_price_american")).isEqualTo(-110L);
		assertThat(number(minus110, "outcome_implied_probability")).as("-110 is 0.5238 implied")
			.isCloseTo(0.5238, FOUR_PLACES);
		assertThat(number(minus110, "overround")).as("-110/-110: 4.76% overround").isCloseTo(0.0476, FOUR_PLACES);
		assertThat(number(minus110, "outcome_fair_probability")).as("0.5 no-vig").isCloseTo(0.5, EXACT);

		Map<String, Object> oneSided = views.one("odds_api_player_props_pretip",
				"bookmaker_key = 'betmgm' AND player_name = 'Desmond Bane'");
		assertThat(number(oneSided, "over_implied_probability")).isCloseTo(1 / 1.83, EXACT);
		assertThat(oneSided).as("BetMGM offered no Under: left out, not taken as zero")
			.containsEntry("under_implied_probability", null)
			.containsEntry("overround", null)
			.containsEntry("over_fair_probability", null);
		Map<String, Object> fanduel = views.one("odds_api_player_props_pretip",
				"bookmaker_key = 'fanduel' AND player_name = 'Desmond Bane'");
		assertThat(number(fanduel, "line")).isEqualTo(28.5);
		assertThat(number(fanduel, "over_price")).as("not the in-game 2.50").isEqualTo(1.8);
		assertThat(number(fanduel, "overround")).isCloseTo(1 / 1.8 + 1 / 1.94 - 1, EXACT);
		assertThat(number(fanduel, "under_fair_probability")).isCloseTo((1 / 1.94) / (1 / 1.8 + 1 / 1.94), EXACT);
	}

	static void openingAndClosingLinesWithTheTrueCloseFlag(Views views) {
		Map<String, Object> atlanta = views.one("odds_api_game_lines_open_close",
				"game_id = 'gameA' AND bookmaker_key = 'draftkings' AND market_key = 'spreads' AND outcome_name = 'Atlanta Hawks'");
		assertThat(instant(atlanta, "opening_snapshot_timestamp"))
			.isEqualTo(AnalyticsDay.TIPOFF_A.minusSeconds(6 * 3600));
		assertThat(number(atlanta, "opening_outcome_point")).isEqualTo(6.5);
		assertThat(number(atlanta, "opening_outcome_price")).isEqualTo(1.91);
		assertThat(instant(atlanta, "closing_snapshot_timestamp"))
			.isEqualTo(AnalyticsDay.TIPOFF_A.minusSeconds(50 * 60));
		assertThat(number(atlanta, "closing_outcome_point")).isEqualTo(7.0);
		assertThat(number(atlanta, "closing_outcome_price")).isEqualTo(1.95);
		assertThat(number(atlanta, "closing_minutes_before_tipoff")).isEqualTo(50.0);
		assertThat(atlanta.get("is_true_close")).as("50 minutes before tip-off is not a true close").isEqualTo(false);
		assertThat(number(atlanta, "outcome_point_movement")).isCloseTo(0.5, EXACT);
		assertThat(number(atlanta, "outcome_price_movement")).isCloseTo(0.04, EXACT);

		Map<String, Object> h2h = views.one("odds_api_game_lines_open_close",
				"game_id = 'gameB' AND bookmaker_key = 'draftkings' AND outcome_name = 'Memphis Grizzlies'");
		assertThat(number(h2h, "closing_minutes_before_tipoff")).isEqualTo(30.0);
		assertThat(h2h.get("is_true_close")).as("30 minutes before tip-off is a true close").isEqualTo(true);
		assertThat(instant(h2h, "opening_snapshot_timestamp")).isEqualTo(instant(h2h, "closing_snapshot_timestamp"));

		Map<String, Object> bane = views.one("odds_api_player_props_open_close",
				"bookmaker_key = 'fanduel' AND player_name = 'Desmond Bane'");
		assertThat(number(bane, "opening_line")).isEqualTo(27.5);
		assertThat(number(bane, "closing_line")).as("not the in-game snapshot's").isEqualTo(28.5);
		assertThat(number(bane, "closing_over_price")).isEqualTo(1.8);
		assertThat(number(bane, "closing_minutes_before_tipoff")).isEqualTo(60.0);
		assertThat(bane.get("is_true_close")).isEqualTo(false);
		assertThat(number(bane, "line_movement")).isCloseTo(1.0, EXACT);
		assertThat(number(bane, "over_price_movement")).isCloseTo(1.8 - 1.87, EXACT);
		assertThat(number(bane, "under_price_movement")).isCloseTo(1.94 - 1.87, EXACT);
	}

	static void movementStepsAndRecentMoves(Views views) {
		List<Map<String, Object>> atlanta = bySnapshot(views.rows("odds_api_game_lines_movement",
				"game_id = 'gameA' AND bookmaker_key = 'draftkings' AND market_key = 'spreads' AND outcome_name = 'Atlanta Hawks'"));
		assertThat(atlanta).extracting(row -> row.get("direction")).containsExactly(null, "up", "down");
		assertThat(atlanta.get(0).get("previous_outcome_point")).isNull();
		assertThat(number(atlanta.get(1), "previous_outcome_point")).isEqualTo(6.5);
		assertThat(number(atlanta.get(1), "outcome_point_change")).isCloseTo(1.0, EXACT);
		assertThat(number(atlanta.get(2), "outcome_point_change")).isCloseTo(-0.5, EXACT);
		assertThat(number(atlanta.get(2), "outcome_price_change")).isCloseTo(1.95 - 1.91, EXACT);
		assertThat(instant(atlanta.get(2), "previous_snapshot_timestamp"))
			.isEqualTo(instant(atlanta.get(1), "snapshot_timestamp"));
		// in the last 4 hours: DraftKings moved both sides twice, FanDuel both sides'
		// price once; 6 hours out is older
		// 2 bookmakers x 2 sides x 3 pre-tip snapshots
		assertThat(views.rows("odds_api_game_lines_movement", "game_id = 'gameA' AND market_key = 'spreads'"))
			.hasSize(12)
			.allSatisfy(row -> assertThat(number(row, "moves_in_last_4h")).isEqualTo(6.0));
		assertThat(views.rows("odds_api_game_lines_movement", "game_id = 'gameA' AND market_key = 'totals'"))
			.hasSize(12)
			.allSatisfy(row -> assertThat(number(row, "moves_in_last_4h")).isZero());

		List<Map<String, Object>> bane = bySnapshot(views.rows("odds_api_player_props_movement",
				"bookmaker_key = 'fanduel' AND player_name = 'Desmond Bane'"));
		assertThat(bane).extracting(row -> row.get("direction")).containsExactly(null, "up");
		assertThat(number(bane.get(1), "line_change")).isCloseTo(1.0, EXACT);
		assertThat(number(bane.get(1), "under_price_change")).isCloseTo(1.94 - 1.87, EXACT);
		assertThat(views.rows("odds_api_player_props_movement", "player_name = 'Desmond Bane'")).hasSize(4)
			.allSatisfy(
					row -> assertThat(number(row, "moves_in_last_4h")).as("FanDuel's move an hour out").isEqualTo(1.0));
		assertThat(views.rows("odds_api_player_props_movement", "player_name = 'Jaylen Wells'")).hasSize(1)
			.allSatisfy(row -> assertThat(number(row, "moves_in_last_4h")).isZero());
	}

	static void consensusAcrossBookmakers(Views views) {
		Map<String, Object> atlanta = views.one("odds_api_game_lines_consensus",
				"game_id = 'gameA' AND market_key = 'spreads' AND outcome_name = 'Atlanta Hawks'");
		double atlantaImplied = (1 / 1.95 + 1 / 1.90) / 2;
		double warriorsImplied = (1 / 1.87 + 1 / 1.90) / 2;
		assertThat(number(atlanta, "bookmakers")).isEqualTo(2.0);
		assertThat(number(atlanta, "mean_outcome_point")).isCloseTo(7.25, EXACT);
		assertThat(number(atlanta, "median_outcome_point")).isCloseTo(7.25, EXACT);
		assertThat(number(atlanta, "stddev_outcome_point")).isCloseTo(0.25, EXACT);
		assertThat(number(atlanta, "best_outcome_price")).as("not the in-game 3.50").isEqualTo(1.95);
		assertThat(atlanta.get("best_outcome_price_bookmaker")).isEqualTo("draftkings");
		assertThat(number(atlanta, "outcome_implied_probability")).isCloseTo(atlantaImplied, EXACT);
		assertThat(number(atlanta, "overround")).isCloseTo(atlantaImplied + warriorsImplied - 1, EXACT);
		assertThat(number(atlanta, "outcome_fair_probability"))
			.isCloseTo(atlantaImplied / (atlantaImplied + warriorsImplied), EXACT);
		Map<String, Object> warriors = views.one("odds_api_game_lines_consensus",
				"game_id = 'gameA' AND market_key = 'spreads' AND outcome_name = 'Golden State Warriors'");
		assertThat(warriors.get("best_outcome_price_bookmaker")).isEqualTo("fanduel");

		Map<String, Object> memphis = views.one("odds_api_game_lines_consensus",
				"game_id = 'gameB' AND outcome_name = 'Memphis Grizzlies'");
		assertThat(number(memphis, "best_outcome_price")).as("+150 is 2.50; not the in-game +300").isEqualTo(2.5);
		assertThat(memphis.get("best_outcome_price_bookmaker")).isEqualTo("fanduel");
		assertThat(memphis.get("mean_outcome_point")).as("h2h has no line").isNull();

		Map<String, Object> bane = views.one("odds_api_player_props_consensus",
				"player_name = 'Desmond Bane' AND market_key = 'player_points'");
		double over = (1 / 1.8 + 1 / 1.8 + 1 / 1.83) / 3;
		double under = (1 / 1.94 + 1 / 1.95) / 2;
		assertThat(number(bane, "bookmakers")).isEqualTo(3.0);
		assertThat(number(bane, "mean_line")).isCloseTo((28.5 + 29.5 + 28.5) / 3, EXACT);
		assertThat(number(bane, "median_line")).isCloseTo(28.5, EXACT);
		assertThat(number(bane, "stddev_line")).isCloseTo(Math.sqrt(2.0 / 9), EXACT);
		assertThat(number(bane, "best_over_price")).as("BetMGM's 1.83; not FanDuel's in-game 2.50").isEqualTo(1.83);
		assertThat(bane.get("best_over_price_bookmaker")).isEqualTo("betmgm");
		assertThat(number(bane, "best_under_price")).isEqualTo(1.95);
		assertThat(bane.get("best_under_price_bookmaker")).isEqualTo("draftkings");
		assertThat(number(bane, "over_implied_probability")).isCloseTo(over, EXACT);
		assertThat(number(bane, "under_implied_probability")).as("BetMGM's missing Under left out")
			.isCloseTo(under, EXACT);
		assertThat(number(bane, "overround")).isCloseTo(over + under - 1, EXACT);
		assertThat(number(bane, "over_fair_probability")).isCloseTo(over / (over + under), EXACT);
	}

	private static List<Map<String, Object>> bySnapshot(List<Map<String, Object>> rows) {
		return rows.stream().sorted(Comparator.comparing(row -> instant(row, "snapshot_timestamp"))).toList();
	}

	private static Instant instant(Map<String, Object> row, String column) {
		return Instant.parse(TestValues.normalize(row.get(column)));
	}

	private static double number(Map<String, Object> row, String column) {
		Object value = row.get(column);
		assertThat(value).as(column).isInstanceOf(Number.class);
		return ((Number) value).doubleValue();
	}

}
