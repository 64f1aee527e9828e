package io.oddsapi.batch.coverage;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.oddsapi.batch.job.RunSummary;
import io.oddsapi.batch.localbigquery.LocalBigQueryProcess;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.ApiClient;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.BigQueryTables;
import io.oddsapi.batch.support.CoverageDay;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.MutableClock;
import io.oddsapi.batch.support.OnLocalBigQuery;
import io.oddsapi.batch.support.TestValues;
import io.oddsapi.batch.warehouse.DateTally;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every scheduled game has its lines: a day where some games lack lines or props flags
 * exactly those games, in the coverage table every run writes, with an ERROR line and a
 * meter; without an events file the games seen in the endpoints are the schedule, and the
 * report says so.
 */
@ExtendWith(OutputCaptureExtension.class)
class CoverageFunctionalTests extends FunctionalTest {

	static final String TOKEN = "test-token-0123456789";

	/** game id, then the figures in column order as text. */
	static final List<String> COLUMNS = List.of("game_id", "home_team_abbr", "away_team_abbr", "schedule_source",
			"h2h_bookmakers", "spreads_bookmakers", "totals_bookmakers", "prop_markets", "prop_players",
			"prop_bookmakers", "lines_age_at_tipoff_minutes", "props_age_at_tipoff_minutes", "has_game_lines",
			"has_props", "closing_captured", "flagged", "flag_reasons");

	static final List<String> EXPECTED = List.of("cov1|BOS|MIA|events|2|2|2|2|2|1|30|90|true|true|true|false|NULL",
			"cov3|NOP|MEM|events|0|0|0|0|0|0|NULL|NULL|false|false|false|true|NO_LINES",
			"cov2|GSW|ATL|events|1|0|0|0|0|0|120|NULL|true|false|false|true|NO_PROPS",
			"cov4|LAL|DEN|events|0|0|0|0|0|0|NULL|NULL|false|false|false|false|NULL");

	/** At the day's now, with the coverage lines of runs (INFO) shown. */
	private JobHarness startAtTheDaysNow(Backend.TestDatabase database, String... properties) {
		String[] all = Stream.concat(Stream.of(properties), Stream.of("logging.level.io.oddsapi.batch.coverage=INFO"))
			.toArray(String[]::new);
		return start(database, bucket(), Map.of("clock", new MutableClock(CoverageDay.NOW)), all);
	}

	private static void run(JobHarness job, OddsEndpoint endpoint) {
		RunSummary run = job.run(endpoint, CoverageDay.DATE);
		assertThat(run.completed()).as(run.format()).isTrue();
	}

	private JobHarness publishTheDay(Backend.TestDatabase database, String... properties) {
		JobHarness job = startAtTheDaysNow(database, properties);
		run(job, OddsEndpoint.GAME_LINES);
		run(job, OddsEndpoint.PLAYER_PROPS);
		return job;
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void gamesWithoutLinesOrPropsAreFlaggedOnceDueAndNoOthers(Backend backend, CapturedOutput output) {
		CoverageDay.writeTo(bucket(), true);
		JobHarness job = startAtTheDaysNow(database(backend));
		run(job, OddsEndpoint.GAME_LINES);
		assertThat(output.getOut()).as("before the props run, Boston has lines but no props too")
			.contains("coverage of 2026-01-14: 4 games, 3 flagged");
		int mark = output.getOut().length();
		run(job, OddsEndpoint.PLAYER_PROPS);
		assertThat(coverage(job::rowMaps)).containsExactlyElementsOf(EXPECTED);
		String propsRun = output.getOut().substring(mark);
		assertThat(propsRun).as("a run's own check does not alert")
			.contains("coverage of 2026-01-14: 4 games, 2 flagged");
		assertThat(flagged(propsRun, "ERROR")).isEmpty();
		MeterRegistry meters = job.bean(MeterRegistry.class);
		assertThat(meters.get("odds.coverage.flagged.games").gauge().value()).isEqualTo(2.0);

		mark = output.getOut().length();
		job.bean(CoverageService.class).record(CoverageDay.DATE, true);
		assertThat(flagged(output.getOut().substring(mark), "ERROR")).as("the check that alerts (command, sweep)")
			.hasSize(2)
			.anyMatch(l -> l.contains("game cov3 (MEM at NOP) on 2026-01-14") && l.contains("NO_LINES"))
			.anyMatch(l -> l.contains("game cov2 (ATL at GSW)") && l.contains("NO_PROPS"));
		assertThat(meters.get("odds.coverage.flags").tag("reason", "NO_LINES").counter().count()).isEqualTo(1.0);
		assertThat(meters.get("odds.coverage.flags").tag("reason", "NO_PROPS").counter().count()).isEqualTo(1.0);
		assertThat(coverage(job::rowMaps)).as("recorded again: the same rows, not doubled")
			.containsExactlyElementsOf(EXPECTED);
		assertThat(job.bean(CoverageService.class).recordedByDate(CoverageDay.DATE.minusDays(3), CoverageDay.DATE))
			.as("what the console's calendar reads")
			.containsExactly(new DateTally(CoverageDay.DATE, 4, 2));
	}

	private static List<String> flagged(String output, String level) {
		return output.lines().filter(l -> l.contains(" " + level + " ") && l.contains("is flagged")).toList();
	}

	@Test
	void theCoverageTableIsTheSameOnBigQuery() {
		CoverageDay.writeTo(bucket(), true);
		try (LocalBigQueryProcess local = LocalBigQueryProcess.start()) {
			String dataset = OnLocalBigQuery.dataset();
			JobHarness job = publishTheDay(database(Backend.H2), OnLocalBigQuery.properties(local, dataset));
			var client = local.client(OnLocalBigQuery.PROJECT);
			assertThat(job.bean(CoverageService.class).recordedByDate(CoverageDay.DATE, CoverageDay.DATE.plusDays(1)))
				.containsExactly(new DateTally(CoverageDay.DATE, 4, 2));
			assertThat(coverage((table, where) -> BigQueryTables.rowMaps(client, dataset, table, where)))
				.containsExactlyElementsOf(EXPECTED);
		}
	}

	@Test
	void withoutAnEventsFileTheGamesSeenInTheEndpointsAreTheSchedule() {
		CoverageDay.writeTo(bucket(), false);
		JobHarness job = publishTheDay(database(Backend.H2));
		CoverageReport report = job.bean(CoverageService.class).report(CoverageDay.DATE);
		assertThat(report.scheduleSource()).isEqualTo(CoverageReport.FROM_ENDPOINTS);
		assertThat(report.format()).contains("no events file: the schedule is the games seen in the published rows");
		assertThat(coverage(job::rowMaps)).containsExactly(
				"cov1|BOS|MIA|endpoints|2|2|2|2|2|1|30|90|true|true|true|false|NULL",
				"cov2|GSW|ATL|endpoints|1|0|0|0|0|0|120|NULL|true|false|false|true|NO_PROPS");
	}

	@Test
	void withoutCoverageAfterRunsOnlyTheCommandsRecordIt() {
		CoverageDay.writeTo(bucket(), true);
		JobHarness job = publishTheDay(database(Backend.H2), "odds.coverage.after-runs=false");
		assertThat(job.count("odds_api_coverage")).isZero();
		job.bean(CoverageService.class).record(CoverageDay.DATE, true);
		assertThat(coverage(job::rowMaps)).containsExactlyElementsOf(EXPECTED);
	}

	@Test
	void theReportIsServedAtApiV1Coverage() {
		CoverageDay.writeTo(bucket(), true);
		JobHarness server = publishTheDay(database(Backend.H2), "odds.mode=server", "server.port=0",
				"odds.api.token=" + TOKEN);
		ApiClient api = ApiClient.of(server, TOKEN);
		JsonNode report = api.get("/api/v1/coverage?gameDate=2026-01-14").json();
		assertThat(report.path("scheduleSource").asString()).isEqualTo("events");
		assertThat(report.path("flagged").asInt()).isEqualTo(2);
		assertThat(report.path("games"))
			.extracting(game -> game.path("gameId").asString() + ":" + game.path("flagReasons").asString(""))
			.containsExactly("cov1:", "cov3:NO_LINES", "cov2:NO_PROPS", "cov4:");
		assertThat(report.path("games").get(0).path("closingCaptured").asBoolean()).isTrue();
		ApiClient.Response bad = api.get("/api/v1/coverage?gameDate=2026-02-30");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().path("detail").asString()).contains("is not a calendar date");
	}

	/** The table's rows in tip-off order, as text. */
	private static List<String> coverage(BiFunction<String, String, List<Map<String, Object>>> rows) {
		return rows.apply("odds_api_coverage", "")
			.stream()
			.sorted(Comparator.comparing(row -> TestValues.normalize(row.get("commence_time"))))
			.map(row -> String.join("|", COLUMNS.stream().map(c -> TestValues.normalize(row.get(c))).toList()))
			.toList();
	}

}
