package io.oddsapi.batch.warehouse;

import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.google.cloud.bigquery.QueryJobConfiguration;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Taking over the platform's existing tables ({@link PlatformDataset}) on PostgreSQL and
 * on the local BigQuery: the start-up check names what is missing,
 * {@code --odds.adopt=plan} prints only ADD COLUMNs and changes nothing,
 * {@code --odds.adopt=apply} makes them, and a run then publishes into the existing
 * tables: the rows the old pipeline wrote for the same objects are updated to identical
 * values, not doubled, and a row of another date is left as it was, to its processing
 * time. The legacy props table is fed with the schedule's official game ids, and the
 * consumers' typical query answers the same before and after.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdoptionFunctionalTests extends FunctionalTest {

	static final LocalDate DATE = LocalDate.of(2026, 1, 14);

	/**
	 * A late event: FanDuel's moneyline, and DraftKings' without the bookmaker's title,
	 * which the platform requires.
	 */
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

	/**
	 * A database the platform's tables are on, and how the test reads and writes them
	 * there.
	 */
	private interface Platform {

		/**
		 * Where the job keeps its repository (and, on JDBC, its warehouse: the platform's
		 * database).
		 */
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

	/** The game, as the platform's schedule lists it. */
	static final String OFFICIAL_ID = "0022500610";

	/**
	 * FanDuel's moneyline and spread for the game at 22:00, an hour and a half before
	 * tip-off (00:30 UTC).
	 */
	static final String LINES_2200 = """
			{"id":"adopt1","sport_key":"basketball_nba","sport_title":"NBA","commence_time":"2026-01-15T00:30:00Z",
			 "home_team":"Boston Celtics","away_team":"Miami Heat","bookmakers":[
			 {"key":"fanduel","title":"FanDuel","last_update":"2026-01-14T21:58:00Z","markets":[
			  {"key":"h2h","last_update":"2026-01-14T21:58:00Z","outcomes":[{"name":"Miami Heat","price":2.9},
			   {"name":"Boston Celtics","price":1.42}]},
			  {"key":"spreads","last_update":"2026-01-14T21:57:00Z","outcomes":[
			   {"name":"Miami Heat","price":1.91,"point":6.5},{"name":"Boston Celtics","price":1.91,"point":-6.5}]}]}]}
			""";

	/**
	 * FanDuel's points lines for two players at 22:00, and at 23:00 one of them moved.
	 */
	static final String PROPS_2200 = """
			{"id":"adopt1","sport_key":"basketball_nba","sport_title":"NBA","commence_time":"2026-01-15T00:30:00Z",
			 "home_team":"Boston Celtics","away_team":"Miami Heat","bookmakers":[
			 {"key":"fanduel","title":"FanDuel","last_update":"2026-01-14T21:59:00Z","markets":[
			  {"key":"player_points","last_update":"2026-01-14T21:59:00Z","outcomes":[
			   {"name":"Over","description":"Jayson Tatum","price":1.87,"point":27.5},
			   {"name":"Under","description":"Jayson Tatum","price":1.95,"point":27.5},
			   {"name":"Over","description":"Jimmy Butler","price":1.91,"point":21.5},
			   {"name":"Under","description":"Jimmy Butler","price":1.91,"point":21.5}]}]}]}
			""";

	static final String PROPS_2300 = """
			{"id":"adopt1","sport_key":"basketball_nba","sport_title":"NBA","commence_time":"2026-01-15T00:30:00Z",
			 "home_team":"Boston Celtics","away_team":"Miami Heat","bookmakers":[
			 {"key":"fanduel","title":"FanDuel","last_update":"2026-01-14T22:59:00Z","markets":[
			  {"key":"player_points","last_update":"2026-01-14T22:59:00Z","outcomes":[
			   {"name":"Over","description":"Jayson Tatum","price":1.91,"point":28.5},
			   {"name":"Under","description":"Jayson Tatum","price":1.91,"point":28.5}]}]}]}
			""";

	static final String LINES_FILE = "odds-api/game-lines/2026-01-14/adopt1-MIABOS/20260114_220000-snap-2200.json";

	static final String PROPS_FILE_2200 = "odds-api/player-props/2026-01-14/adopt1-MIABOS/20260114_220000-snap-2200.json";

	static final String PROPS_FILE_2300 = "odds-api/player-props/2026-01-14/adopt1-MIABOS/20260114_230000-snap-2300.json";

	/**
	 * What the old pipeline wrote for those objects, worked out by hand from its rules
	 * (docs/data-model.md): the capture time of the object's name as the snapshot, the
	 * schedule's official id as the legacy table's {@code game_id}, American prices from
	 * decimal ones ({@code -100 / (d - 1)} under 2, else {@code (d - 1) * 100}, rounded),
	 * minutes from the snapshot to tip-off, and its own processing times.
	 */
	private record OldPipeline(List<Map<String, Object>> gameLines, List<Map<String, Object>> pointsProps,
			List<Map<String, Object>> schedule) {
	}

	private void writeTheDay() {
		bucket().put(LINES_FILE, LINES_2200.getBytes(StandardCharsets.UTF_8));
		bucket().put(PROPS_FILE_2200, PROPS_2200.getBytes(StandardCharsets.UTF_8));
		bucket().put(PROPS_FILE_2300, PROPS_2300.getBytes(StandardCharsets.UTF_8));
	}

	private static OldPipeline oldPipeline() {
		Instant written = Instant.parse("2026-01-14T22:05:00Z");
		List<Map<String, Object>> gameLines = List.of(
				gameLine("h2h", "2026-01-14T21:58:00Z", "Miami Heat", 2.9, null, written),
				gameLine("h2h", "2026-01-14T21:58:00Z", "Boston Celtics", 1.42, null, written),
				gameLine("spreads", "2026-01-14T21:57:00Z", "Miami Heat", 1.91, 6.5, written),
				gameLine("spreads", "2026-01-14T21:57:00Z", "Boston Celtics", 1.91, -6.5, written));
		List<Map<String, Object>> pointsProps = List.of(
				pointsProp(PROPS_FILE_2200, "snap-2200", "2026-01-14T22:00:00Z", 150, "2026-01-14T21:59:00Z",
						"Jayson Tatum", "jaysontatum", 27.5, 1.87, 1.95, -115, -105),
				pointsProp(PROPS_FILE_2200, "snap-2200", "2026-01-14T22:00:00Z", 150, "2026-01-14T21:59:00Z",
						"Jimmy Butler", "jimmybutler", 21.5, 1.91, 1.91, -110, -110),
				pointsProp(PROPS_FILE_2300, "snap-2300", "2026-01-14T23:00:00Z", 90, "2026-01-14T22:59:00Z",
						"Jayson Tatum", "jaysontatum", 28.5, 1.91, 1.91, -110, -110));
		Map<String, Object> game = new LinkedHashMap<>();
		game.put("game_id", OFFICIAL_ID);
		game.put("game_date", DATE);
		game.put("home_team_tricode", "BOS");
		game.put("away_team_tricode", "MIA");
		return new OldPipeline(gameLines, pointsProps, List.of(game));
	}

	private static Map<String, Object> gameLine(String market, String lastUpdate, String outcome, double price,
			Double point, Instant written) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("snapshot_timestamp", Instant.parse("2026-01-14T22:00:00Z"));
		row.put("previous_snapshot_timestamp", null);
		row.put("next_snapshot_timestamp", null);
		row.put("game_id", "adopt1");
		row.put("sport_key", "basketball_nba");
		row.put("sport_title", "NBA");
		row.put("commence_time", Instant.parse("2026-01-15T00:30:00Z"));
		row.put("game_date", DATE);
		row.put("home_team", "Boston Celtics");
		row.put("away_team", "Miami Heat");
		row.put("home_team_abbr", "BOS");
		row.put("away_team_abbr", "MIA");
		row.put("bookmaker_key", "fanduel");
		row.put("bookmaker_title", "FanDuel");
		row.put("bookmaker_last_update", Instant.parse("2026-01-14T21:58:00Z"));
		row.put("market_key", market);
		row.put("market_last_update", Instant.parse(lastUpdate));
		row.put("outcome_name", outcome);
		row.put("outcome_price", price);
		row.put("outcome_point", point);
		row.put("source_file_path", LINES_FILE);
		row.put("data_source", "current");
		row.put("created_at", written);
		row.put("processed_at", written);
		assertThat(row.keySet()).containsExactlyElementsOf(PlatformDataset.GAME_LINES_COLUMNS);
		return row;
	}

	private static Map<String, Object> pointsProp(String file, String tag, String snapshot, long minutesBefore,
			String lastUpdate, String player, String lookup, double line, double over, double under, long overAmerican,
			long underAmerican) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("game_id", OFFICIAL_ID);
		row.put("odds_api_event_id", "adopt1");
		row.put("game_date", DATE);
		row.put("game_start_time", Instant.parse("2026-01-15T00:30:00Z"));
		row.put("home_team_abbr", "BOS");
		row.put("away_team_abbr", "MIA");
		row.put("snapshot_timestamp", Instant.parse(snapshot));
		row.put("snapshot_tag", tag);
		row.put("capture_timestamp", Instant.parse(snapshot));
		row.put("minutes_before_tipoff", minutesBefore);
		row.put("bookmaker", "fanduel");
		row.put("player_name", player);
		row.put("player_lookup", lookup);
		row.put("points_line", line);
		row.put("over_price", over);
		row.put("under_price", under);
		row.put("over_price_american", overAmerican);
		row.put("under_price_american", underAmerican);
		row.put("bookmaker_last_update", Instant.parse(lastUpdate));
		row.put("source_file_path", file);
		row.put("data_source", "current");
		row.put("data_hash", "hashed by the old pipeline");
		row.put("processed_at", Instant.parse("2026-01-15T06:00:00Z"));
		assertThat(row.keySet()).containsExactlyElementsOf(PlatformDataset.POINTS_PROPS_COLUMNS);
		return row;
	}

	/**
	 * The consumers' typical query: the latest pre-tip line per game, player and
	 * bookmaker, joined to the schedule on the platform's game id.
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
		if (value instanceof Date || value instanceof LocalDate) {
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
			.map(row -> row.values()
				.stream()
				.map(v -> literal(v, platform.dialect()))
				.collect(Collectors.joining(", ", "(", ")")))
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
		writeTheDay();
		OldPipeline old = oldPipeline();
		List<Map<String, Object>> legacy = old.gameLines();
		PlatformDataset.ddl(platform.dialect(), platform::ref).forEach(platform::execute);
		platform.execute(PlatformDataset.scheduleDdl(platform.dialect(), platform::ref));
		insert(platform, "odds_api_game_lines", legacy);
		insert(platform, "odds_api_player_points_props", old.pointsProps());
		insert(platform, "nba_schedule", old.schedule());
		Map<String, Object> otherDay = new LinkedHashMap<>(legacy.get(0));
		otherDay.put("game_date", LocalDate.of(2025, 11, 2));
		otherDay.put("processed_at", Instant.parse("2025-11-02T20:00:00Z"));
		insert(platform, "odds_api_game_lines", List.of(otherDay));
		String all = "game_date >= DATE '2000-01-01'";
		List<String> consumersSawBefore = latestPreTipLines(platform);
		assertThat(consumersSawBefore)
			.as("the old pipeline's day answers the consumers' query: the latest line of each " + "player")
			.hasSize(2)
			.anySatisfy(line -> assertThat(line).contains("points_line=28.5"))
			.anySatisfy(line -> assertThat(line).contains("points_line=21.5"));

		// the start-up check stops a run, and says where to look
		try (JobHarness job = start(platform.jobDatabase(), platform.properties())) {
			assertThatThrownBy(() -> job.run(OddsEndpoint.GAME_LINES, DATE))
				.hasMessageContaining("odds_api_game_lines.outcome_price_american is missing (expected INT64)")
				.hasMessageContaining("--odds.adopt=plan shows what adopting them needs");
		}

		int mark = output.getOut().length();
		try (JobHarness plan = start(platform.jobDatabase(),
				with(platform.properties(), "odds.adopt=plan", "logging.level.io.oddsapi.batch.summary=INFO"))) {
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
		try (JobHarness apply = start(platform.jobDatabase(),
				with(platform.properties(), "odds.adopt=apply", "logging.level.io.oddsapi.batch.summary=INFO"))) {
			assertThat(apply.bean(AdoptCommand.class).getExitCode()).isZero();
		}
		assertThat(output.getOut().substring(mark)).contains("odds_api_game_lines: already adopted, nothing to change");

		// a late object, one of whose bookmakers comes without its title
		bucket().put("game-lines", DATE, "late1-MIABOS", Instant.parse("2026-01-14T23:00:00Z"), LATE_EVENT);
		try (JobHarness job = start(platform.jobDatabase(),
				with(platform.properties(), "odds.schedule.table=nba_schedule"))) {
			RunSummary run = job.run(OddsEndpoint.GAME_LINES, DATE);
			assertThat(run.completed()).as(run.format()).isTrue();
			assertThat(run.format()).contains("rows rejected: odds-api/game-lines/2026-01-14/late1-MIABOS/",
					"2 rows left out, odds_api_game_lines requires bookmaker_title (NOT NULL) and the data "
							+ "has no value");
			List<Map<String, Object>> after = platform.rows("odds_api_game_lines", all);
			assertThat(after).as("no row doubled; the late object's moneyline published").hasSize(legacy.size() + 3);
			assertThat(after.stream()
				.filter(row -> !"late1".equals(row.get("game_id")))
				.map(AdoptionFunctionalTests::platformColumns)
				.sorted())
				.as("the old pipeline's rows keep their values")
				.containsExactlyElementsOf(Stream.concat(legacy.stream(), Stream.of(otherDay))
					.map(AdoptionFunctionalTests::platformColumns)
					.sorted()
					.toList());
			assertThat(after.stream()
				.filter(row -> "late1".equals(row.get("game_id")))
				.map(row -> row.get("bookmaker_key"))).containsExactly("fanduel", "fanduel");
			Map<String, Object> untouched = platform.rows("odds_api_game_lines", "game_date = DATE '2025-11-02'")
				.get(0);
			assertThat(TestValues.normalize(untouched.get("processed_at"))).isEqualTo("2025-11-02T20:00:00Z");
			assertThat(untouched.get("data_hash")).as("another date's row is not touched").isNull();
			assertThat(platform.rows("odds_api_game_lines", "game_date = DATE '2026-01-14'")).hasSize(legacy.size() + 2)
				.allSatisfy(row -> assertThat(row.get("data_hash")).isNotNull())
				.as("the schedule's official id beside the event id, for the late event of the same teams too")
				.allSatisfy(row -> assertThat(row.get("platform_game_id")).isEqualTo(OFFICIAL_ID));

			RunSummary props = job.run(OddsEndpoint.PLAYER_PROPS, DATE);
			assertThat(props.completed()).as(props.format()).isTrue();
			assertThat(latestPreTipLines(platform)).as("the consumers' query answers as it did before")
				.containsExactlyElementsOf(consumersSawBefore);
			assertThat(platform.rows("odds_api_player_points_props", "game_date = DATE '2026-01-14'")
				.stream()
				.map(row -> platformColumns(row, PlatformDataset.POINTS_PROPS_COLUMNS))
				.sorted())
				.as("the job rewrote the old pipeline's rows to identical values, none doubled")
				.containsExactlyElementsOf(old.pointsProps()
					.stream()
					.map(row -> platformColumns(row, PlatformDataset.POINTS_PROPS_COLUMNS))
					.sorted()
					.toList());
			assertThat(platform.rows("odds_api_player_props", "game_date = DATE '2026-01-14'")).hasSize(3)
				.as("the schedule's official id is the platform's game id of the new tables too")
				.allSatisfy(row -> assertThat(row.get("platform_game_id")).isEqualTo(OFFICIAL_ID));
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
		JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(h2.url(), h2.username(), h2.password()));
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
			assertThat(job.count("odds_api_player_points_props"))
				.isEqualTo(job.jdbc()
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
				.query(QueryJobConfiguration
					.of("CREATE VIEW `" + dataset + ".odds_api_player_points_props` AS SELECT 'e1' AS game_id"));
			try (JobHarness job = start(database(Backend.H2), OnLocalBigQuery.properties(local, dataset))) {
				assertThatThrownBy(() -> job.run(OddsEndpoint.PLAYER_PROPS, DATE))
					.hasMessageContaining(
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
		JdbcTemplate jdbc = new JdbcTemplate(
				new DriverManagerDataSource(warehouse.url(), warehouse.username(), warehouse.password()));
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
						client.query(QueryJobConfiguration.of(statement));
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
