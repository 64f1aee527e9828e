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
 * {@code --odds.adopt=apply} makes them, and a run then publishes into the existing tables: the rows the old pipeline
 * wrote for the same objects are updated to identical values, not doubled, and a row of another date is left as it
 * was, to its processing time. The legacy props table is fed with the schedule's official game ids, and the
 * consumers' typical query answers the same before and after.
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

		/** The rows of a query, column names in lower case. */
		List<Map<String, Object>> query(String sql);

		PlatformDataset.Dialect dialect();

		/** A table's name in a statement. */
		String ref(String table);
	}

	/**
	 * What the old pipeline wrote for the day, and the platform's schedule of its games: the game lines of a clean run
	 * in the platform's columns, and its {@code player_points} props in the legacy table's shape, worked out here from
	 * the job's own props table (the old pipeline's rules: the schedule's official id as {@code game_id}, the tag and
	 * capture time from the file's name).
	 */
	private record OldPipeline(List<Map<String, Object>> gameLines, List<Map<String, Object>> pointsProps,
			List<Map<String, Object>> schedule) {
	}

	private OldPipeline oldPipeline() {
		try (JobHarness clean = JobHarness.start(database(Backend.H2), bucket().root())) {
			assertThat(clean.run(OddsEndpoint.GAME_LINES, DATE).completed()).isTrue();
			assertThat(clean.run(OddsEndpoint.PLAYER_PROPS, DATE).completed()).isTrue();
			List<Map<String, Object>> gameLines = new ArrayList<>();
			for (Map<String, Object> row : clean.rowMaps("odds_api_game_lines", "")) {
				Map<String, Object> legacy = new LinkedHashMap<>();
				PlatformDataset.GAME_LINES_COLUMNS.forEach(c -> legacy.put(c, row.get(c)));
				gameLines.add(legacy);
			}
			List<Map<String, Object>> points = clean.rowMaps("odds_api_player_props", "market_key = 'player_points'");
			List<String> games = points.stream().map(row -> (String) row.get("platform_game_id")).distinct().sorted().toList();
			Map<String, String> officialIds = new LinkedHashMap<>();
			List<Map<String, Object>> schedule = new ArrayList<>();
			for (String platformId : games) {
				String officialId = "00225006" + (10 + officialIds.size());
				officialIds.put(platformId, officialId);
				String[] parts = platformId.split("_");
				Map<String, Object> game = new LinkedHashMap<>();
				game.put("game_id", officialId);
				game.put("game_date", java.time.LocalDate.parse(parts[0], java.time.format.DateTimeFormatter.BASIC_ISO_DATE));
				game.put("home_team_tricode", parts[2]);
				game.put("away_team_tricode", parts[1]);
				schedule.add(game);
			}
			java.util.regex.Pattern fileName = java.util.regex.Pattern.compile("/(\\d{8}_\\d{6})-(snap-\\d{4})\\.json$");
			List<Map<String, Object>> pointsProps = new ArrayList<>();
			for (Map<String, Object> row : points) {
				java.util.regex.Matcher file = fileName.matcher((String) row.get("source_file_path"));
				assertThat(file.find()).isTrue();
				Map<String, Object> legacy = new LinkedHashMap<>();
				legacy.put("game_id", officialIds.get((String) row.get("platform_game_id")));
				legacy.put("odds_api_event_id", row.get("game_id"));
				legacy.put("game_date", row.get("game_date"));
				legacy.put("game_start_time", row.get("commence_time"));
				legacy.put("home_team_abbr", row.get("home_team_abbr"));
				legacy.put("away_team_abbr", row.get("away_team_abbr"));
				legacy.put("snapshot_timestamp", row.get("snapshot_timestamp"));
				legacy.put("snapshot_tag", file.group(2));
				legacy.put("capture_timestamp", java.time.LocalDateTime
					.parse(file.group(1), java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"))
					.toInstant(java.time.ZoneOffset.UTC));
				legacy.put("minutes_before_tipoff", row.get("minutes_before_tipoff"));
				legacy.put("bookmaker", row.get("bookmaker_key"));
				legacy.put("player_name", row.get("player_name"));
				legacy.put("player_lookup", row.get("player_lookup"));
				legacy.put("points_line", row.get("line"));
				legacy.put("over_price", row.get("over_price"));
				legacy.put("under_price", row.get("under_price"));
				legacy.put("over_price_american", row.get("over_price_american"));
				legacy.put("under_price_american", row.get("under_price_american"));
				legacy.put("bookmaker_last_update", row.get("bookmaker_last_update"));
				legacy.put("source_file_path", row.get("source_file_path"));
				legacy.put("data_source", row.get("data_source"));
				legacy.put("data_hash", "hashed by the old pipeline");
				legacy.put("processed_at", java.time.Instant.parse("2026-01-15T06:00:00Z"));
				pointsProps.add(legacy);
			}
			return new OldPipeline(gameLines, pointsProps, schedule);
		}
	}

	/**
	 * The consumers' typical query: the latest pre-tip line per game, player and bookmaker, joined to the schedule on
	 * the platform's game id.
	 */
	private static List<String> latestPreTipLines(Platform platform) {
		return platform.query("""
				SELECT s.game_id, s.home_team_tricode, p.player_lookup, p.bookmaker, p.points_line, p.over_price,
				  p.under_price, p.snapshot_timestamp, p.minutes_before_tipoff
				FROM (
				  SELECT game_id, player_lookup, bookmaker, points_line, over_price, under_price, snapshot_timestamp,
				    minutes_before_tipoff, ROW_NUMBER() OVER (PARTITION BY game_id, player_lookup, bookmaker
				      ORDER BY snapshot_timestamp DESC, points_line DESC) AS rn
				  FROM %s
				  WHERE game_date = DATE '2026-01-14' AND minutes_before_tipoff >= 0
				) p
				JOIN %s s ON s.game_id = p.game_id
				WHERE p.rn = 1""".formatted(platform.ref("odds_api_player_points_props"), platform.ref("nba_schedule")))
			.stream()
			.map(JobHarness::describe)
			.sorted()
			.toList();
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
		return dialect == PlatformDataset.Dialect.BIGQUERY ? "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
				: "'" + text.replace("'", "''") + "'";
	}

	private static void insert(Platform platform, String table, List<Map<String, Object>> rows) {
		String columns = String.join(", ", rows.get(0).keySet());
		String values = rows.stream()
			.map(row -> row.values().stream().map(v -> literal(v, platform.dialect())).collect(Collectors.joining(", ",
					"(", ")")))
			.collect(Collectors.joining(",\n"));
		platform.execute("INSERT INTO " + platform.ref(table) + " (" + columns + ") VALUES\n" + values);
	}

	/** A row as compared: the platform's columns but the processing time. */
	private static String platformColumns(Map<String, Object> row) {
		return platformColumns(row, PlatformDataset.GAME_LINES_COLUMNS);
	}

	private static String platformColumns(Map<String, Object> row, List<String> columns) {
		return columns.stream()
			.filter(c -> !c.equals("processed_at") && !c.equals("data_hash"))
			.map(c -> c + "=" + TestValues.normalize(row.get(c)))
			.collect(Collectors.joining("|"));
	}

	private void adoptsThePlatformsTables(Platform platform, CapturedOutput output) {
		new SampleBucketGenerator(SampleBucketGenerator.Spec.bundled()).writeTo(bucket().root());
		OldPipeline old = oldPipeline();
		List<Map<String, Object>> legacy = old.gameLines();
		PlatformDataset.ddl(platform.dialect(), platform::ref).forEach(platform::execute);
		platform.execute(PlatformDataset.scheduleDdl(platform.dialect(), platform::ref));
		insert(platform, "odds_api_game_lines", legacy);
		insert(platform, "odds_api_player_points_props", old.pointsProps());
		insert(platform, "nba_schedule", old.schedule());
		Map<String, Object> otherDay = new LinkedHashMap<>(legacy.get(0));
		otherDay.put("game_date", java.time.LocalDate.of(2025, 11, 2));
		otherDay.put("processed_at", java.time.Instant.parse("2025-11-02T20:00:00Z"));
		insert(platform, "odds_api_game_lines", List.of(otherDay));
		String all = "game_date >= DATE '2000-01-01'";
		List<String> consumersSawBefore = latestPreTipLines(platform);
		assertThat(consumersSawBefore).as("the old pipeline's day answers the consumers' query").isNotEmpty();

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
				"odds_api_player_points_props: already adopted, nothing to change",
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
		try (JobHarness job = start(platform.jobDatabase(), with(platform.properties(), "odds.schedule.table=nba_schedule"))) {
			RunSummary run = job.run(OddsEndpoint.GAME_LINES, DATE);
			assertThat(run.completed()).as(run.format()).isTrue();
			assertThat(run.format()).contains("rows rejected: odds-api/game-lines/2026-01-14/late1-MIABOS/",
					"2 rows left out, odds_api_game_lines requires bookmaker_title (NOT NULL) and the data "
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

			RunSummary props = job.run(OddsEndpoint.PLAYER_PROPS, DATE);
			assertThat(props.completed()).as(props.format()).isTrue();
			assertThat(latestPreTipLines(platform)).as("the consumers' query answers as it did before")
				.isEqualTo(consumersSawBefore);
			assertThat(platform.rows("odds_api_player_points_props", "game_date = DATE '2026-01-14'").stream()
				.map(row -> platformColumns(row, PlatformDataset.POINTS_PROPS_COLUMNS))
				.sorted())
				.as("the job rewrote the old pipeline's rows to identical values, none doubled")
				.containsExactlyElementsOf(old.pointsProps().stream()
					.map(row -> platformColumns(row, PlatformDataset.POINTS_PROPS_COLUMNS))
					.sorted()
					.toList());
			assertThat(platform.rows("odds_api_player_props", "game_date = DATE '2026-01-14'"))
				.as("the schedule's official id is the platform's game id of the new tables too")
				.allSatisfy(row -> assertThat((String) row.get("platform_game_id")).startsWith("00225006"));
		}
	}

	private static String[] with(String[] properties, String... more) {
		List<String> all = new ArrayList<>(List.of(properties));
		all.addAll(List.of(more));
		return all.toArray(String[]::new);
	}

	@Test
	void aViewInTheLegacyPropsNameStopsRunsUntilDroppedThenTheTableIsCreated() {
		new SampleBucketGenerator(SampleBucketGenerator.Spec.bundled()).writeTo(bucket().root());
		Backend.TestDatabase h2 = database(Backend.H2);
		org.springframework.jdbc.core.JdbcTemplate jdbc = new org.springframework.jdbc.core.JdbcTemplate(
				new org.springframework.jdbc.datasource.DriverManagerDataSource(h2.url(), h2.username(), h2.password()));
		// what earlier versions of the job created
		jdbc.execute("CREATE VIEW odds_api_player_points_props AS SELECT CAST('e1' AS VARCHAR) AS game_id");
		try (JobHarness job = start(h2)) {
			assertThatThrownBy(() -> job.run(OddsEndpoint.PLAYER_PROPS, DATE)).hasMessageContaining(
					"odds_api_player_points_props: a view has this name where job-config has a table; a view holds no "
							+ "rows: drop it (DROP VIEW odds_api_player_points_props) and the job creates the table");
		}
		jdbc.execute("DROP VIEW odds_api_player_points_props");
		try (JobHarness job = start(h2)) {
			RunSummary run = job.run(OddsEndpoint.PLAYER_PROPS, DATE);
			assertThat(run.completed()).as(run.format()).isTrue();
			assertThat(job.count("odds_api_player_points_props")).isEqualTo(job.jdbc()
				.queryForObject("SELECT COUNT(*) FROM odds_api_player_props WHERE market_key = 'player_points'",
						Long.class))
				.isPositive();
		}
	}

	@Test
	void aViewInATargetsNameStopsRunsOnTheLocalBigQueryToo() throws InterruptedException {
		new SampleBucketGenerator(SampleBucketGenerator.Spec.bundled()).writeTo(bucket().root());
		try (LocalBigQueryProcess local = LocalBigQueryProcess.start()) {
			String dataset = OnLocalBigQuery.dataset();
			local.client(OnLocalBigQuery.PROJECT)
				.query(com.google.cloud.bigquery.QueryJobConfiguration.of("CREATE VIEW `" + dataset
						+ ".odds_api_player_points_props` AS SELECT 'e1' AS game_id"));
			try (JobHarness job = start(database(Backend.H2), OnLocalBigQuery.properties(local, dataset))) {
				assertThatThrownBy(() -> job.run(OddsEndpoint.PLAYER_PROPS, DATE)).hasMessageContaining(
						"odds_api_player_points_props: a view has this name where job-config has a table")
					.hasMessageNotContaining("odds_api_game_lines: a view");
			}
		}
	}

	@Test
	void aScheduleThatCannotBeReadFailsTheRunWithTheDatabasesMessage() {
		new SampleBucketGenerator(SampleBucketGenerator.Spec.bundled()).writeTo(bucket().root());
		try (JobHarness job = start(database(Backend.H2), "odds.schedule.table=nba_schedule")) {
			RunSummary run = job.run(OddsEndpoint.GAME_LINES, DATE);
			assertThat(run.completed()).isFalse();
			assertThat(run.error()).as(run.format()).contains("Table \"NBA_SCHEDULE\" not found");
		}
		assertThatThrownBy(() -> start(database(Backend.H2), "odds.schedule.table=nba_schedule; DROP TABLE x"))
			.as("names go into SQL as they are: anything else stops start-up")
			.hasStackTraceContaining("must be a table name, optionally qualified");
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
			public List<Map<String, Object>> query(String sql) {
				return jdbc.queryForList(sql).stream().map(row -> {
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
				public List<Map<String, Object>> query(String sql) {
					return BigQueryTables.query(client, sql);
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
