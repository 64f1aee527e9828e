package io.oddsapi.batch.bench;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.oddsapi.batch.job.RunSummary;
import io.oddsapi.batch.samples.SampleBucketGenerator;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.source.OddsObjectName;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.ResultsFile;
import io.oddsapi.batch.warehouse.JdbcSql;
import io.oddsapi.batch.warehouse.RowTables;
import io.oddsapi.batch.warehouse.SharedSql;
import io.oddsapi.batch.warehouse.SqlDialect;
import io.oddsapi.batch.warehouse.TableDefinition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.PGConnection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job against the database's own floor, measured in the same run on the same rows.
 * The floor is the database's fastest load of the rows the job published, exported
 * beforehand (PostgreSQL: COPY of CSV into an unlogged table; H2: INSERT ... SELECT FROM
 * CSVREAD of the file), then one MERGE per data table into a copy of the target with the
 * job's index, deduplicated as the job deduplicates. Two cases: a fresh date (the
 * full-day corpus, both endpoints), and an incremental run (a last scrape cycle of 14
 * player-props objects onto a date that already holds the rest). The fresh date is run
 * {@value #ATTEMPTS} times, each on a new database, and every floor measured as often;
 * the best of each is reported. On PostgreSQL a CHECKPOINT precedes every timed part.
 * Writes {@code target/bench/database-floor.md}; {@code ./mvnw -Pbench verify}.
 */
@Tag("bench")
class DatabaseFloorBenchmarkTests extends FunctionalTest {

	static final LocalDate DATE = LocalDate.of(2026, 1, 14);

	/**
	 * This machine's timings vary by a third between identical runs: each side's best of
	 * three.
	 */
	static final int ATTEMPTS = 3;

	/**
	 * Every table of odds the job writes: the floor loads and merges each of them too.
	 */
	static final List<String> DATA_TABLES = List.of("odds_api_game_lines", "odds_api_player_props",
			"odds_api_player_points_props");

	static final List<String> PROPS_TABLES = List.of("odds_api_player_props", "odds_api_player_points_props");

	@ParameterizedTest
	@EnumSource(Backend.class)
	void aFreshDateAgainstTheFastestLoadAndOneMerge(Backend backend) throws IOException, SQLException {
		Path corpus = tempDir.resolve("corpus");
		new SampleBucketGenerator(SampleBucketGenerator.Spec.fullDay(DATE, 12)).writeTo(corpus);
		copy(corpus, live(corpus), bucket().root());
		long bestJob = Long.MAX_VALUE;
		String bestSteps = "";
		Floor floor = null;
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			Backend.TestDatabase database = database(backend);
			try (JobHarness job = JobHarness.start(database, bucket().root())) {
				settle(backend, database);
				long start = System.nanoTime();
				for (OddsEndpoint endpoint : List.of(OddsEndpoint.GAME_LINES, OddsEndpoint.PLAYER_PROPS)) {
					RunSummary run = job.run(endpoint, DATE);
					assertThat(run.completed()).as(run.format()).isTrue();
				}
				long jobNanos = System.nanoTime() - start;
				if (jobNanos < bestJob) {
					bestJob = jobNanos;
					bestSteps = steps(job);
				}
				floor = Floor.best(floor, floor(job, backend, database, DATA_TABLES, "", false));
			}
		}
		report(backend, "fresh date, both endpoints", 336, floor.rows(), bestJob, floor, bestSteps);
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void fourteenNewObjectsOntoAFullDate(Backend backend) throws IOException, SQLException {
		Path corpus = tempDir.resolve("corpus");
		new SampleBucketGenerator(SampleBucketGenerator.Spec.fullDay(DATE, 13)).writeTo(corpus);
		List<Path> objects = live(corpus);
		List<Path> lastCycle = lastOfEachEvent(corpus, objects, OddsEndpoint.PLAYER_PROPS);
		assertThat(lastCycle).hasSize(14);
		List<Path> before = objects.stream().filter(o -> !lastCycle.contains(o)).toList();
		copy(corpus, before, bucket().root());
		Backend.TestDatabase database = database(backend);
		try (JobHarness job = JobHarness.start(database, bucket().root())) {
			for (OddsEndpoint endpoint : List.of(OddsEndpoint.GAME_LINES, OddsEndpoint.PLAYER_PROPS)) {
				assertThat(job.run(endpoint, DATE).completed()).isTrue();
			}
			long held = job.count("odds_api_player_props");
			copy(corpus, lastCycle, bucket().root());
			settle(backend, database);
			long start = System.nanoTime();
			RunSummary run = job.run(OddsEndpoint.PLAYER_PROPS, DATE);
			long jobNanos = System.nanoTime() - start;
			assertThat(run.completed()).as(run.format()).isTrue();
			String newRows = "source_file_path IN ("
					+ lastCycle.stream().map(o -> "'" + corpus.relativize(o) + "'").collect(Collectors.joining(", "))
					+ ")";
			Floor floor = null;
			for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
				floor = Floor.best(floor, floor(job, backend, database, PROPS_TABLES, newRows, true));
			}
			report(backend, String.format(Locale.ROOT, "14 objects onto a date holding %,d rows", held), 14,
					floor.rows(), jobNanos, floor, steps(job, run.executionId()));
		}
	}

	/** What the floor took, and on how many rows. */
	record Floor(long rows, long loadNanos, long mergeNanos) {

		long nanos() {
			return loadNanos + mergeNanos;
		}

		static Floor best(Floor a, Floor b) {
			return a == null || b.nanos() < a.nanos() ? b : a;
		}
	}

	/**
	 * PostgreSQL writes out what earlier work left in its buffers before anything is
	 * timed, so that neither side pays for the other's (or an earlier benchmark's)
	 * checkpoint.
	 */
	private static void settle(Backend backend, Backend.TestDatabase database) throws SQLException {
		if (backend != Backend.POSTGRESQL) {
			return;
		}
		try (Connection connection = DriverManager.getConnection(database.url(), database.username(),
				database.password()); Statement statement = connection.createStatement()) {
			statement.execute("CHECKPOINT");
		}
	}

	/**
	 * The floor on the rows the job published (those matching {@code where}): exported as
	 * CSV (not timed), then timed the database's fastest load into a table of its own and
	 * one deduplicating MERGE into a copy of the target with the job's index, which holds
	 * the target's other rows when {@code incremental}.
	 */
	private Floor floor(JobHarness job, Backend backend, Backend.TestDatabase database, List<String> tables,
			String where, boolean incremental) throws IOException, SQLException {
		RowTables rowTables = job.bean(RowTables.class);
		SqlDialect dialect = backend == Backend.POSTGRESQL ? SqlDialect.POSTGRESQL : SqlDialect.H2;
		long rows = 0;
		long loadNanos = 0;
		long mergeNanos = 0;
		try (Connection connection = DriverManager.getConnection(database.url(), database.username(),
				database.password()); Statement statement = connection.createStatement()) {
			for (String name : tables) {
				TableDefinition table = rowTables.catalog().table(name);
				String selection = "SELECT * FROM " + name + " WHERE " + (where.isEmpty() ? "TRUE" : where);
				TableDefinition target = new TableDefinition("floor_target", table.rowType(), table.partitionColumn(),
						table.clustering(), table.mergeKey(), table.latestFirst(), table.columns(), false,
						Optional.empty());
				JdbcSql.of(dialect).createTarget(target).forEach(ddl -> execute(statement, ddl));
				if (incremental) {
					statement.execute("INSERT INTO floor_target SELECT * FROM " + name + " WHERE NOT ("
							+ (where.isEmpty() ? "TRUE" : where) + ")");
				}
				Load load = backend == Backend.POSTGRESQL ? postgresCopy(connection, statement, name, selection)
						: h2CsvRead(statement, name, selection);
				settle(backend, database);
				long start = System.nanoTime();
				rows += load.run();
				long loaded = System.nanoTime();
				statement.executeUpdate(mergeSql(table, dialect));
				long merged = System.nanoTime();
				loadNanos += loaded - start;
				mergeNanos += merged - loaded;
				statement.execute("DROP TABLE floor_stage");
				statement.execute("DROP TABLE floor_target");
			}
		}
		return new Floor(rows, loadNanos, mergeNanos);
	}

	/** The timed part of a load: fills {@code floor_stage}, answers its rows. */
	private interface Load {

		long run() throws SQLException, IOException;

	}

	private static void execute(Statement statement, String sql) {
		try {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql, ex);
		}
	}

	/**
	 * PostgreSQL: COPY of the CSV into an unlogged table, analysed as the job analyses
	 * its staging.
	 */
	private static Load postgresCopy(Connection connection, Statement statement, String table, String selection)
			throws SQLException, IOException {
		StringWriter csv = new StringWriter();
		connection.unwrap(PGConnection.class)
			.getCopyAPI()
			.copyOut("COPY (" + selection + ") TO STDOUT (FORMAT csv)", csv);
		analyze(statement, "floor_target");
		return () -> {
			statement.execute("CREATE UNLOGGED TABLE floor_stage (LIKE " + table + ")");
			long copied = connection.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyIn("COPY floor_stage FROM STDIN (FORMAT csv)", new StringReader(csv.toString()));
			analyze(statement, "floor_stage");
			return copied;
		};
	}

	private static void analyze(Statement statement, String table) throws SQLException {
		statement.execute("ANALYZE " + table);
	}

	/**
	 * H2: no client-side bulk load; its fastest is INSERT ... SELECT from CSVREAD of a
	 * file it reads itself.
	 */
	private Load h2CsvRead(Statement statement, String table, String selection) throws SQLException {
		Path file = tempDir.resolve("floor-" + table + ".csv");
		statement.execute("CALL CSVWRITE('" + file + "', '" + selection.replace("'", "''") + "')");
		return () -> {
			statement.execute("CREATE TABLE floor_stage AS SELECT * FROM " + table + " WITH NO DATA");
			return statement.executeUpdate("INSERT INTO floor_stage SELECT * FROM CSVREAD('" + file + "')");
		};
	}

	/**
	 * The job's MERGE into {@code floor_target}, from {@code floor_stage} deduplicated as
	 * the job does.
	 */
	private static String mergeSql(TableDefinition table, SqlDialect dialect) {
		SharedSql sql = new SharedSql(dialect, name -> name.equals(table.name()) ? "floor_target" : name);
		String key = String.join(", ", table.mergeKey());
		String order = table.latestFirst().stream().map(c -> c + " DESC").collect(Collectors.joining(", "));
		String source = "SELECT * FROM (SELECT f.*, ROW_NUMBER() OVER (PARTITION BY " + key + " ORDER BY " + order
				+ ") AS key_rank FROM floor_stage f) d WHERE key_rank = 1";
		return sql.merge(table, DATE, source, "CURRENT_TIMESTAMP");
	}

	/**
	 * Seconds per step of the given executions (every one when none is given), summed by
	 * step: the profile.
	 */
	private static String steps(JobHarness job, long... executions) {
		String only = executions.length == 0 ? "" : " WHERE job_execution_id IN ("
				+ Arrays.stream(executions).mapToObj(Long::toString).collect(Collectors.joining(", ")) + ")";
		Map<String, Double> seconds = new LinkedHashMap<>();
		job.jdbc()
			.query("SELECT step_name, start_time, end_time FROM batch_step_execution" + only
					+ " ORDER BY step_execution_id", rs -> {
						double took = Duration
							.between(rs.getTimestamp(2).toLocalDateTime(), rs.getTimestamp(3).toLocalDateTime())
							.toMillis() / 1000.0;
						seconds.merge(rs.getString(1), took, Double::sum);
					});
		return seconds.entrySet()
			.stream()
			.map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
			.collect(Collectors.joining(", "));
	}

	private static void report(Backend backend, String scenario, int objects, long rows, long jobNanos, Floor floor,
			String steps) throws IOException {
		String line = String.format(Locale.ROOT,
				"| %s | %s | %d | %,d | %.2f s | %s | %.2f s + %.2f s = %.2f s | %.2fx |", backend, scenario, objects,
				rows, jobNanos / 1e9, steps, floor.loadNanos() / 1e9, floor.mergeNanos() / 1e9, floor.nanos() / 1e9,
				(double) jobNanos / floor.nanos());
		System.out.println(line);
		ResultsFile
			.of("bench", "database-floor", "Each database against its own floor", DatabaseFloorBenchmarkTests.class)
			.header("| database | case | objects | rows | the job | its steps (s) | floor: load + MERGE | job / floor |\n"
					+ "|---|---|---|---|---|---|---|---|")
			.row(line);
	}

	/** The live endpoints' objects of the corpus. */
	private static List<Path> live(Path corpus) throws IOException {
		try (Stream<Path> files = Files.walk(corpus)) {
			return files.filter(Files::isRegularFile)
				.filter(p -> OddsObjectName.parse(corpus.relativize(p).toString())
					.filter(n -> n.endpoint() == OddsEndpoint.GAME_LINES || n.endpoint() == OddsEndpoint.PLAYER_PROPS)
					.isPresent())
				.sorted()
				.toList();
		}
	}

	/** An endpoint's last capture of each event: a scrape cycle. */
	private static List<Path> lastOfEachEvent(Path corpus, List<Path> objects, OddsEndpoint endpoint) {
		Map<String, Path> last = new LinkedHashMap<>();
		objects.stream()
			.filter(p -> OddsObjectName.parse(corpus.relativize(p).toString()).orElseThrow().endpoint() == endpoint)
			.sorted(Comparator.comparing(Path::toString))
			.forEach(p -> last.put(p.getParent().toString(), p));
		return new ArrayList<>(last.values());
	}

	private static void copy(Path from, List<Path> objects, Path to) throws IOException {
		for (Path object : objects) {
			Path target = to.resolve(from.relativize(object));
			Files.createDirectories(target.getParent());
			Files.copy(object, target);
		}
	}

}
