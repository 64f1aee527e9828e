package io.oddsapi.batch.warehouse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.oddsapi.batch.job.RunSummary;
import io.oddsapi.batch.launch.AdoptCommand;
import io.oddsapi.batch.localbigquery.LocalBigQueryProcess;
import io.oddsapi.batch.samples.SampleBucketGenerator;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.BigQueryTables;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.OnLocalBigQuery;
import io.oddsapi.batch.support.PlatformDataset;
import io.oddsapi.batch.support.TestValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Taking over the platform's existing tables ({@link PlatformDataset}) on PostgreSQL and on the local BigQuery: the
 * start-up check names what is missing, {@code --odds.adopt=plan} prints only ADD COLUMNs and changes nothing,
 * {@code --odds.adopt=apply} makes them, and a run then publishes into the existing table: the rows the old pipeline
 * wrote for the same objects are updated to identical values, not doubled, and a row of another date is left as it
 * was, to its processing time.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdoptionFunctionalTests extends FunctionalTest {

	static final java.time.LocalDate DATE = java.time.LocalDate.of(2026, 1, 14);

	/** A late event: FanDuel's moneyline, and DraftKings' without the bookmaker's title, which the platform requires. */
	static final String LATE_EVENT = """
			{"id":"late1","sport_key":"basketball_nba","sport_title":"NBA","commence_time":"2026-01-15T00:30:00Z",
			 "home_team":"Boston Celtics","away_team":"Miami Heat","bookmakers":[
			 {"key":"fanduel","title":"FanDuel","last_update":"2026-01-14T22:58:00Z","markets":[
			  {"key":"h2h","last_update":"2026-01-14T22:58:00Z","outcomes":[{"name":"Miami Heat","price":2.9},
			   {"name":"Boston Celtics","price":1.42}]}]},
			 {"key":"draftkings","last_update":"2026-01-14T22:57:00Z","markets":[
			  {"key":"h2h","last_update":"2026-01-14T22:57:00Z","outcomes":[{"name":"Miami Heat","price":2.85},
			   {"name":"Boston Celtics","price":1.44}]}]}]}
			""";

	/** A database the platform's tables are on, and how the test reads and writes them there. */
	private interface Platform {

		/** Where the job keeps its repository (and, on JDBC, its warehouse: the platform's database). */
		Backend.TestDatabase jobDatabase();

		String[] properties();

		void execute(String statement);

		List<Map<String, Object>> rows(String table, String where);

		PlatformDataset.Dialect dialect();

		/** A table's name in a statement. */
		String ref(String table);
	}

	/** The rows the old pipeline wrote: a clean run's rows of the day, in the platform's columns. */
	private List<Map<String, Object>> legacyRows() {
		try (JobHarness clean = JobHarness.start(database(Backend.H2), bucket().root())) {
			assertThat(clean.run(OddsEndpoint.GAME_LINES, DATE).completed()).isTrue();
			List<Map<String, Object>> rows = new ArrayList<>();
			for (Map<String, Object> row : clean.rowMaps("odds_api_game_lines", "")) {
				Map<String, Object> legacy = new LinkedHashMap<>();
				PlatformDataset.GAME_LINES_COLUMNS.forEach(c -> legacy.put(c, row.get(c)));
				rows.add(legacy);
			}
			return rows;
		}
	}

	private static String literal(Object value, PlatformDataset.Dialect dialect) {
		if (value == null) {
			return "NULL";
		}
		if (value instanceof Number) {
			return value.toString();
		}
		String text = TestValues.normalize(value);
		if (value instanceof java.sql.Date || value instanceof java.time.LocalDate) {
			return "DATE '" + text + "'";
		}
		if (text.matches("\\d{4}-\\d\\d-\\d\\dT.*Z")) {
			return (dialect == PlatformDataset.Dialect.BIGQUERY ? "TIMESTAMP '" : "TIMESTAMPTZ '") + text + "'";
		}
		return "'" + text.replace("'", "''") + "'";
	}

	private static void insert(Platform platform, List<Map<String, Object>> rows) {
		String columns = String.join(", ", PlatformDataset.GAME_LINES_COLUMNS);
		String values = rows.stream()
			.map(row -> row.values().stream().map(v -> literal(v, platform.dialect())).collect(Collectors.joining(", ",
					"(", ")")))
			.collect(Collectors.joining(",\n"));
		platform.execute("INSERT INTO " + platform.ref("odds_api_game_lines") + " (" + columns + ") VALUES\n" + values);
	}

	/** A row as compared: the platform's columns but the processing time. */
	private static String platformColumns(Map<String, Object> row) {
		return PlatformDataset.GAME_LINES_COLUMNS.stream()
			.filter(c -> !c.equals("processed_at"))
			.map(c -> c + "=" + TestValues.normalize(row.get(c)))
			.collect(Collectors.joining("|"));
	}

	private void adoptsThePlatformsTables(Platform platform, CapturedOutput output) {
		new SampleBucketGenerator(SampleBucketGenerator.Spec.bundled()).writeTo(bucket().root());
		List<Map<String, Object>> legacy = legacyRows();
		PlatformDataset.ddl(platform.dialect(), platform::ref).forEach(platform::execute);
		insert(platform, legacy);
		Map<String, Object> otherDay = new LinkedHashMap<>(legacy.get(0));
		otherDay.put("game_date", java.time.LocalDate.of(2025, 11, 2));
		otherDay.put("processed_at", java.time.Instant.parse("2025-11-02T20:00:00Z"));
		insert(platform, List.of(otherDay));
		String all = "game_date >= DATE '2000-01-01'";

		// the start-up check stops a run, and says where to look
		try (JobHarness job = start(platform.jobDatabase(), platform.properties())) {
			assertThatThrownBy(() -> job.run(OddsEndpoint.GAME_LINES, DATE)).hasMessageContaining(
					"odds_api_game_lines.outcome_price_american is missing (expected INT64)")
				.hasMessageContaining("--odds.adopt=plan shows what adopting them needs");
		}

		int mark = output.getOut().length();
		try (JobHarness plan = start(platform.jobDatabase(), with(platform.properties(), "odds.adopt=plan",
				"logging.level.io.oddsapi.batch.summary=INFO"))) {
			assertThat(plan.bean(AdoptCommand.class).getExitCode()).isZero();
		}
		String printed = output.getOut().substring(mark);
		assertThat(printed).contains("adoption plan (nothing changed):", "odds_api_game_lines: adopt with 3 changes",
				"  ADD COLUMN outcome_price_american ", "  ADD COLUMN platform_game_id ", "  ADD COLUMN data_hash ",
				"odds_api_player_props: no such table; the job creates it from job-config",
				"  view odds_api_player_points_props not created: a table of that name exists, and is kept as it is",
				"  NOT NULL there, so a row without a value is rejected with the reason: sport_key, sport_title, "
						+ "commence_time, home_team, away_team, bookmaker_title, bookmaker_last_update, "
						+ "market_last_update, outcome_price, source_file_path, created_at, processed_at");
		assertThat(printed.lines().filter(l -> l.startsWith("  ADD COLUMN"))).hasSize(3);
		assertThat(platform.rows("odds_api_game_lines", all)).as("a plan changes nothing").hasSize(legacy.size() + 1);
		assertThat(platform.rows("odds_api_game_lines", all).get(0)).doesNotContainKey("data_hash");

		mark = output.getOut().length();
		try (JobHarness apply = start(platform.jobDatabase(), with(platform.properties(), "odds.adopt=apply",
				"logging.level.io.oddsapi.batch.summary=INFO"))) {
			assertThat(apply.bean(AdoptCommand.class).getExitCode()).isZero();
		}
		assertThat(output.getOut().substring(mark)).contains("odds_api_game_lines: already adopted, nothing to change");

		// a late object, one of whose bookmakers comes without its title
		bucket().put("game-lines", DATE, "late1-MIABOS", java.time.Instant.parse("2026-01-14T23:00:00Z"), LATE_EVENT);
		try (JobHarness job = start(platform.jobDatabase(), platform.properties())) {
			RunSummary run = job.run(OddsEndpoint.GAME_LINES, DATE);
			assertThat(run.completed()).as(run.format()).isTrue();
			assertThat(run.format()).contains("rows rejected: odds-api/game-lines/2026-01-14/late1-MIABOS/",
					"2 rows left out, odds_api_game_lines requires bookmaker_title (NOT NULL there) and the data "
							+ "has no value");
			List<Map<String, Object>> after = platform.rows("odds_api_game_lines", all);
			assertThat(after).as("no row doubled; the late object's moneyline published").hasSize(legacy.size() + 3);
			assertThat(after.stream().filter(row -> !"late1".equals(row.get("game_id")))
				.map(AdoptionFunctionalTests::platformColumns)
				.sorted())
				.as("the old pipeline's rows keep their values")
				.containsExactlyElementsOf(java.util.stream.Stream.concat(legacy.stream(), java.util.stream.Stream.of(otherDay))
					.map(AdoptionFunctionalTests::platformColumns)
					.sorted()
					.toList());
			assertThat(after.stream().filter(row -> "late1".equals(row.get("game_id"))).map(row -> row.get("bookmaker_key")))
				.containsExactly("fanduel", "fanduel");
			Map<String, Object> untouched = platform.rows("odds_api_game_lines", "game_date = DATE '2025-11-02'").get(0);
			assertThat(TestValues.normalize(untouched.get("processed_at"))).isEqualTo("2025-11-02T20:00:00Z");
			assertThat(untouched.get("data_hash")).as("another date's row is not touched").isNull();
			assertThat(platform.rows("odds_api_game_lines", "game_date = DATE '2026-01-14'"))
				.allSatisfy(row -> assertThat(row.get("data_hash")).isNotNull())
				.as("the platform's game id beside the event id")
				.anySatisfy(row -> assertThat(row.get("platform_game_id")).isEqualTo("20260114_MIA_BOS"));

			assertThat(job.run(OddsEndpoint.PLAYER_PROPS, DATE).completed()).isTrue();
			assertThat(platform.rows("odds_api_player_points_props", "game_date >= DATE '2000-01-01'"))
				.as("the legacy props table is left as it is: no view replaced it")
				.isEmpty();
		}
	}

	private static String[] with(String[] properties, String... more) {
		List<String> all = new ArrayList<>(List.of(properties));
		all.addAll(List.of(more));
		return all.toArray(String[]::new);
	}

	@Test
	void adoptsThePlatformsTablesOnPostgresql(CapturedOutput output) {
		Backend.TestDatabase warehouse = database(Backend.POSTGRESQL);
		org.springframework.jdbc.core.JdbcTemplate jdbc = new org.springframework.jdbc.core.JdbcTemplate(
				new org.springframework.jdbc.datasource.DriverManagerDataSource(warehouse.url(), warehouse.username(),
						warehouse.password()));
		adoptsThePlatformsTables(new Platform() {

			@Override
			public Backend.TestDatabase jobDatabase() {
				return warehouse;
			}

			@Override
			public String[] properties() {
				return new String[0];
			}

			@Override
			public void execute(String statement) {
				jdbc.execute(statement);
			}

			@Override
			public List<Map<String, Object>> rows(String table, String where) {
				return jdbc.queryForList("SELECT * FROM " + table + " WHERE " + where).stream().map(row -> {
					Map<String, Object> lower = new LinkedHashMap<>();
					row.forEach((k, v) -> lower.put(k.toLowerCase(), v));
					return lower;
				}).toList();
			}

			@Override
			public PlatformDataset.Dialect dialect() {
				return PlatformDataset.Dialect.POSTGRESQL;
			}

			@Override
			public String ref(String table) {
				return table;
			}
		}, output);
	}

	@Test
	void adoptsThePlatformsTablesOnTheLocalBigQuery(CapturedOutput output) {
		try (LocalBigQueryProcess local = LocalBigQueryProcess.start()) {
			String dataset = OnLocalBigQuery.dataset();
			var client = local.client(OnLocalBigQuery.PROJECT);
			Backend.TestDatabase repository = database(Backend.H2);
			adoptsThePlatformsTables(new Platform() {

				@Override
				public Backend.TestDatabase jobDatabase() {
					return repository;
				}

				@Override
				public String[] properties() {
					return OnLocalBigQuery.properties(local, dataset);
				}

				@Override
				public void execute(String statement) {
					try {
						client.query(com.google.cloud.bigquery.QueryJobConfiguration.of(statement));
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						throw new IllegalStateException(ex);
					}
				}

				@Override
				public List<Map<String, Object>> rows(String table, String where) {
					return BigQueryTables.rowMaps(client, dataset, table, where);
				}

				@Override
				public PlatformDataset.Dialect dialect() {
					return PlatformDataset.Dialect.BIGQUERY;
				}

				@Override
				public String ref(String table) {
					return "`" + dataset + "." + table + "`";
				}
			}, output);
		}
	}
}
