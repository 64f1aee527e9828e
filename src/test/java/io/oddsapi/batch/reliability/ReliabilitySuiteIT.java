package io.oddsapi.batch.reliability;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.google.cloud.bigquery.BigQuery;
import io.oddsapi.batch.localbigquery.LocalBigQueryProcess;
import io.oddsapi.batch.samples.SampleBucketGenerator;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.AppProcess;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.BigQueryTables;
import io.oddsapi.batch.support.ComparedTables;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.OnLocalBigQuery;
import io.oddsapi.batch.support.RequiredServices;
import io.oddsapi.batch.support.TestBucket;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks the packaged job as separate processes and checks the final tables against a
 * clean run over the same objects, row for row: kill -9 at many named points then
 * relaunch, a stale execution, a stampede of launches, files added and overwritten
 * mid-run, a corpus of broken objects, hostile parameters. Prints a table of figures
 * (target/reliability/reliability.md; docs/results/reliability.md under -Preliability).
 * {@code ./mvnw verify} runs a quick subset; {@code ./mvnw -Preliability verify} the full
 * suite on a day of 14 events x 12 snapshots x 2 endpoints.
 */
class ReliabilitySuiteIT extends FunctionalTest {

	static final boolean FULL = Boolean.getBoolean("odds.reliability.full");

	static final LocalDate DATE = LocalDate.of(2026, 1, 14);

	static final SampleBucketGenerator.Spec QUICK_DAY = new SampleBucketGenerator.Spec(List.of(DATE), 4, 3, 4, 2, 11L);

	static final SampleBucketGenerator.Spec DAY = FULL
			? new SampleBucketGenerator.Spec(List.of(DATE), 14, 12, 10, 4, 7L) : QUICK_DAY;

	/**
	 * The day of the scenarios on the local BigQuery, the quick one in both suites: its
	 * evaluator takes a statement's table contents in one message of at most 4 MB, which
	 * the full day's 17,000 game-line rows exceed.
	 */
	static final SampleBucketGenerator.Spec BIGQUERY_DAY = QUICK_DAY;

	static final List<String> TABLES = ComparedTables.ALL;

	static final String[] CHUNKS = { "--odds.chunk-size=5" };

	/**
	 * The generated day has live and backfill objects; a launch with no arguments runs
	 * every folder.
	 */
	static final List<OddsEndpoint> ALL = List.of(OddsEndpoint.values());

	static final List<String> ALL_FOLDERS = ALL.stream().map(OddsEndpoint::folder).toList();

	private int processes;

	@BeforeAll
	static void startSuiteClock() {
		ReliabilityReport.begin();
	}

	@AfterAll
	static void publishFigures() {
		ReliabilityReport.publish(FULL ? "Reliability: full suite" : "Reliability: quick subset (CI)");
	}

	// ---- the day, the clean run, the comparison

	private TestBucket day() {
		TestBucket bucket = bucket();
		writeDay(bucket.root());
		return bucket;
	}

	/**
	 * The day a scenario runs on: the suite's, or on BigQuery ({@code dataset} set)
	 * {@link #BIGQUERY_DAY}.
	 */
	private TestBucket day(String dataset) {
		if (dataset == null) {
			return day();
		}
		TestBucket bucket = bucket();
		new SampleBucketGenerator(BIGQUERY_DAY).writeTo(bucket.root());
		return bucket;
	}

	/** The clean run's rows over the day of {@link #day(String)}. */
	private List<String> cleanDay(TestBucket bucket, String dataset) {
		return dataset == null || BIGQUERY_DAY.equals(DAY) ? cleanDay(bucket) : cleanRows(bucket, ALL);
	}

	/**
	 * The generated day. The full suite keeps the live folders only (14 x 12 x 2 = 336
	 * objects), which halves every relaunch; the quick subset keeps the backfill folders
	 * too, so the live and backfill twins sharing one lock are attacked in every build.
	 */
	static void writeDay(Path root) {
		new SampleBucketGenerator(DAY).writeTo(root);
		if (FULL) {
			deleteBackfillFolders(root);
		}
	}

	static void deleteBackfillFolders(Path root) {
		for (OddsEndpoint endpoint : ALL) {
			if (endpoint.folder().endsWith("-history")) {
				try {
					FileSystemUtils.deleteRecursively(root.resolve("odds-api/" + endpoint.folder()));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
		}
	}

	static List<String> objectNames(Path root, String endpoint) {
		Path folder = root.resolve("odds-api/" + endpoint + "/" + DATE);
		try (Stream<Path> files = Files.walk(folder)) {
			return files.filter(p -> p.toString().endsWith(".json"))
				.map(p -> root.relativize(p).toString())
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int objectCount(TestBucket bucket, List<String> endpoints) {
		return endpoints.stream()
			.filter(e -> Files.isDirectory(bucket.root().resolve("odds-api/" + e + "/" + DATE)))
			.mapToInt(e -> objectNames(bucket.root(), e).size())
			.sum();
	}

	private static List<String> cleanDay;

	/**
	 * The clean run over the generated day, once per suite: the day is the same every
	 * time (fixed seed).
	 */
	private List<String> cleanDay(TestBucket bucket) {
		synchronized (ReliabilitySuiteIT.class) {
			if (cleanDay == null) {
				cleanDay = cleanRows(bucket, ALL);
			}
			return cleanDay;
		}
	}

	private List<String> cleanRows(TestBucket bucket, List<OddsEndpoint> endpoints) {
		try (JobHarness clean = JobHarness.start(database(Backend.H2), bucket.root(), "odds.max-rejected-ratio=1.0")) {
			endpoints.forEach(endpoint -> clean.launch(endpoint, DATE));
			return rows(clean);
		}
	}

	private static List<String> rows(JobHarness harness) {
		List<String> rows = new ArrayList<>();
		TABLES.forEach(table -> harness.rows(table).forEach(row -> rows.add(table + "|" + row)));
		return rows;
	}

	static final String LEDGER = "odds_api_published_objects";

	static final String REJECTED = "odds_api_rejected_files";

	private static List<String> withoutTables(List<String> rows, String... tables) {
		return rows.stream().filter(row -> Stream.of(tables).noneMatch(table -> row.startsWith(table + "|"))).toList();
	}

	private static List<String> foundRows(Backend.TestDatabase database, TestBucket bucket) {
		try (JobHarness check = JobHarness.start(database, bucket.root())) {
			return rows(check);
		}
	}

	// ---- the BigQuery warehouse: the local BigQuery (one per suite), a dataset per
	// scenario

	private static LocalBigQueryProcess localBigQuery;

	private static synchronized LocalBigQueryProcess localBigQuery() {
		if (localBigQuery == null) {
			localBigQuery = LocalBigQueryProcess.start();
		}
		return localBigQuery;
	}

	@AfterAll
	static synchronized void stopLocalBigQuery() {
		if (localBigQuery != null) {
			localBigQuery.close();
		}
	}

	/**
	 * The arguments, and with {@code dataset} set the BigQuery warehouse's settings for
	 * that dataset.
	 */
	private static String[] onWarehouse(String dataset, String... args) {
		if (dataset == null) {
			return args;
		}
		return Stream
			.concat(Stream.of(args),
					Stream.of(OnLocalBigQuery.properties(localBigQuery(), dataset)).map(property -> "--" + property))
			.toArray(String[]::new);
	}

	/**
	 * The published rows, from the database's tables or, with {@code dataset} set, read
	 * back from BigQuery.
	 */
	private static List<String> foundRows(String dataset, Backend.TestDatabase database, TestBucket bucket) {
		if (dataset == null) {
			return foundRows(database, bucket);
		}
		BigQuery client = localBigQuery().client(OnLocalBigQuery.PROJECT);
		List<String> rows = new ArrayList<>();
		TABLES
			.forEach(table -> BigQueryTables.rows(client, dataset, table).forEach(row -> rows.add(table + "|" + row)));
		return rows;
	}

	private static String label(Backend backend, String dataset) {
		return dataset == null ? backend.name() : "BIGQUERY (repository " + backend.name() + ")";
	}

	private long started;

	@BeforeEach
	void startClock() {
		started = System.nanoTime();
	}

	private void record(Tally tally) {
		long seconds = Math.round((System.nanoTime() - started) / 1e9);
		ReliabilityReport.add(tally, seconds);
		assertThat(tally.exact()).as(Tally.header() + "\n" + tally.line(seconds)).isTrue();
	}

	// ---- processes

	private AppProcess process(Backend.TestDatabase database, TestBucket bucket, Map<String, String> env,
			String... args) {
		return process(List.of(), database, bucket, env, args);
	}

	/**
	 * Under a wrapper command that ends by executing the JVM (see
	 * {@link AppProcess#startPackaged}).
	 */
	private AppProcess process(List<String> wrapper, Backend.TestDatabase database, TestBucket bucket,
			Map<String, String> env, String... args) {
		processes++;
		return AppProcess.startPackaged(wrapper, tempDir.resolve("process-" + processes), database, bucket.root(), env,
				args);
	}

	/** The dead holder's lease runs out: moved in the database rather than waited for. */
	private static void expireLeases(Backend.TestDatabase database) {
		try (Connection connection = DriverManager.getConnection(database.url(), database.username(),
				database.password());
				PreparedStatement expire = connection
					.prepareStatement("UPDATE odds_batch_lock SET lease_expires_at = ?")) {
			expire.setObject(1, OffsetDateTime.now().minusMinutes(1));
			expire.executeUpdate();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Relaunches (after the leases ran out) until a launch completes everything; returns
	 * how many it took.
	 */
	private int relaunchUntilDone(Backend.TestDatabase database, TestBucket bucket, String... args) {
		for (int launch = 1; launch <= 5; launch++) {
			expireLeases(database);
			AppProcess next = process(database, bucket, Map.of(), args);
			int exit = next.waitFor();
			if (exit == 0 && !next.output().contains("coalesced")) {
				return launch;
			}
		}
		throw new AssertionError("not done after 5 relaunches");
	}

	private static String[] withChunks(String... args) {
		return Stream.concat(Stream.of(args), Stream.of(CHUNKS)).toArray(String[]::new);
	}

	// ---- kill -9 at named points

	static Stream<Arguments> crashPoints() throws IOException {
		Path corpus = Files.createTempDirectory("reliability-corpus");
		writeDay(corpus);
		List<String> lines = objectNames(corpus, "game-lines");
		List<String> props = objectNames(corpus, "player-props");
		Map<String, String> points = new LinkedHashMap<>(); // point -> label
		if (FULL) {
			points.put("listing:game-lines#" + lines.size() / 2,
					"while listing game-lines, " + lines.size() / 2 + " of " + lines.size() + " names listed");
			points.put("list:game-lines", "after listing game-lines");
			points.put("list:player-props", "after listing player-props");
			for (List<String> names : List.of(lines, props)) {
				int n = names.size();
				for (int at : new int[] { 0, n / 4, n / 2, 3 * n / 4, n - 1 }) {
					points.put("read:" + names.get(at) + "#0",
							"in " + names.get(at).split("/")[1] + " object " + (at + 1) + " of " + n);
				}
			}
			for (int chunk : new int[] { 1, 2, 3, 5, 8, 13 }) {
				points.put("write:" + chunk, "chunk " + chunk + " staged, before its commit");
			}
			for (String table : List.of("odds_api_game_lines", "odds_api_player_props", "odds_api_published_objects")) {
				points.put("publish:" + table, "after the MERGE into " + table + ", before the commit");
			}
		}
		else {
			points.put("read:" + lines.get(lines.size() / 2) + "#0",
					"in game-lines object " + (lines.size() / 2 + 1) + " of " + lines.size());
			points.put("publish:odds_api_player_props",
					"after the MERGE into odds_api_player_props, before the commit");
		}
		points.put("coverage:" + DATE, "after the coverage MERGE, before its step commits");
		// after the publication committed, before the launch releases the lock
		points.put("committed:game-lines", "after game-lines published, before the lock is released");
		List<Arguments> arguments = new ArrayList<>();
		int i = 0;
		for (Map.Entry<String, String> point : points.entrySet()) {
			if (FULL) { // each point once, the backends taking turns: 24 kills in all
				arguments.add(Arguments.of(Backend.values()[i++ % 2], point.getKey(), point.getValue()));
			}
			else {
				for (Backend backend : Backend.values()) {
					arguments.add(Arguments.of(backend, point.getKey(), point.getValue()));
				}
			}
		}
		return arguments.stream();
	}

	@ParameterizedTest(name = "kill -9 {2} on {0}")
	@MethodSource("crashPoints")
	void killedAtAPointThenRelaunched(Backend backend, String point, String label) {
		TestBucket bucket = day();
		List<String> expected = cleanDay(bucket);
		Backend.TestDatabase database = database(backend);
		AppProcess victim = process(database, bucket, Map.of("ODDS_FAULT_HALT", point), CHUNKS);
		assertThat(victim.reaches("ODDS FAULT HALT")).as("fault point reached:\n" + victim.output()).isTrue();
		victim.kill9();
		int launches = 1 + relaunchUntilDone(database, bucket, CHUNKS);
		record(Tally.compare("kill -9 " + label, backend.name(), launches, objectCount(bucket, ALL_FOLDERS), expected,
				foundRows(database, bucket)));
	}

	/**
	 * Where a run on the BigQuery warehouse is killed: {@code script} is while BigQuery
	 * runs the publication.
	 */
	static Stream<Arguments> bigQueryCrashPoints() throws IOException {
		Path corpus = Files.createTempDirectory("reliability-corpus");
		new SampleBucketGenerator(BIGQUERY_DAY).writeTo(corpus);
		List<String> lines = objectNames(corpus, "game-lines");
		List<Arguments> points = new ArrayList<>();
		points.add(Arguments.of(Backend.H2, "read:" + lines.get(lines.size() / 2) + "#0",
				"in game-lines object " + (lines.size() / 2 + 1) + " of " + lines.size()));
		points.add(Arguments.of(Backend.POSTGRESQL, "script", "while BigQuery runs the publication script"));
		if (FULL) {
			points.add(Arguments.of(Backend.POSTGRESQL, "list:player-props", "after listing player-props"));
			points.add(Arguments.of(Backend.H2, "write:3", "chunk 3 staged, before its commit"));
			points.add(Arguments.of(Backend.H2, "script", "while BigQuery runs the publication script"));
		}
		return points.stream();
	}

	@ParameterizedTest(name = "kill -9 {2} on BigQuery, repository {0}")
	@MethodSource("bigQueryCrashPoints")
	void killedAtAPointOnBigQueryThenRelaunched(Backend backend, String point, String label) {
		String dataset = OnLocalBigQuery.dataset();
		TestBucket bucket = day(dataset);
		List<String> expected = cleanDay(bucket, dataset);
		Backend.TestDatabase database = database(backend);
		String[] args = onWarehouse(dataset, CHUNKS);
		boolean inScript = point.equals("script");
		// the dataset's first publication script waits (RUNNING) until the test lets it
		// go
		String firstScript = "MERGE INTO `" + dataset + ".odds_api_published_objects`";
		if (inScript) {
			localBigQuery().fault(firstScript, "gather", 0, 2);
		}
		AppProcess victim = process(database, bucket, inScript ? Map.of() : Map.of("ODDS_FAULT_HALT", point), args);
		if (inScript) {
			localBigQuery().awaitJob(job -> job.id().startsWith("oddsapi_" + dataset + "_") && job.parent() == null
					&& job.state().equals("RUNNING") && job.statement() != null
					&& job.statement().contains(firstScript));
		}
		else {
			assertThat(victim.reaches("ODDS FAULT HALT")).as("fault point reached:\n" + victim.output()).isTrue();
		}
		victim.kill9();
		if (inScript) {
			localBigQuery().release(firstScript);
			assertThat(localBigQuery().hits(firstScript, "gather")).as("the script held, and the release").isEqualTo(2);
		}
		int launches = 1 + relaunchUntilDone(database, bucket, args);
		record(Tally.compare("kill -9 " + label, label(backend, dataset), launches, objectCount(bucket, ALL_FOLDERS),
				expected, foundRows(dataset, database, bucket)));
	}

	// ---- a stale execution: the killed holder's lease protects it, then it is recovered
	// without manual SQL

	@ParameterizedTest(name = "stale execution on {0}")
	@EnumSource(Backend.class)
	void aStaleExecutionIsLeftAloneUnderItsLeaseThenRecovered(Backend backend) {
		TestBucket bucket = day();
		List<String> expected = cleanDay(bucket);
		Backend.TestDatabase database = database(backend);
		AppProcess victim = process(database, bucket, Map.of("ODDS_FAULT_HALT", "write:2"), CHUNKS);
		assertThat(victim.reaches("ODDS FAULT HALT")).isTrue();
		victim.kill9();
		AppProcess underLease = process(database, bucket, Map.of(), CHUNKS);
		assertThat(underLease.waitFor()).as(underLease.output()).isZero();
		assertThat(underLease.output()).contains("coalesced into execution 1");
		int launches = 2 + relaunchUntilDone(database, bucket, CHUNKS);
		record(Tally.compare("stale execution: launch under the lease, then after it", backend.name(), launches,
				objectCount(bucket, ALL_FOLDERS), expected, foundRows(database, bucket)));
	}

	// ---- files added and overwritten while a run stages

	@ParameterizedTest(name = "late and changed files on {0}")
	@EnumSource(Backend.class)
	void filesAddedAndOverwrittenMidRunArePublishedWithTheirLastContent(Backend backend) throws IOException {
		lateAndChangedFiles(backend, null);
	}

	@Test
	void filesAddedAndOverwrittenMidRunArePublishedWithTheirLastContentOnBigQuery() throws IOException {
		lateAndChangedFiles(Backend.H2, OnLocalBigQuery.dataset());
	}

	/**
	 * With {@code dataset} set, the BigQuery warehouse publishes to that dataset of the
	 * local BigQuery.
	 */
	private void lateAndChangedFiles(Backend backend, String dataset) throws IOException {
		TestBucket bucket = day(dataset);
		List<String> names = objectNames(bucket.root(), "game-lines");
		Backend.TestDatabase database = database(backend);
		String[] args = onWarehouse(dataset, withChunks("endpoint=game-lines", "gameDate=" + DATE));
		AppProcess victim = process(database, bucket, Map.of("ODDS_FAULT_HALT", "read:" + names.get(0) + "#0"), args);
		assertThat(victim.reaches("ODDS FAULT HALT")).isTrue();
		// two late snapshots, and the last listed object overwritten with a changed price
		for (int i = 0; i < 2; i++) {
			String late = names.get(i)
				.replaceAll("/(\\d{8})_\\d{6}-snap-\\d{4}\\.json$", "/$1_235" + i + "00-snap-235" + i + ".json");
			bucket.put(late, Files.readAllBytes(bucket.root().resolve(names.get(i))));
		}
		String changed = names.get(names.size() - 1);
		bucket.put(changed,
				changePrice(Files.readString(bucket.root().resolve(changed))).getBytes(StandardCharsets.UTF_8));
		victim.terminate(); // the run ends STOPPED at its next commit
		victim.waitFor();
		int launches = 1 + relaunchUntilDone(database, bucket, args);
		List<String> expected = cleanRows(bucket, List.of(OddsEndpoint.GAME_LINES));
		List<String> found = foundRows(dataset, database, bucket);
		record(Tally.compare("2 files added and 1 overwritten mid-run", label(backend, dataset), launches,
				objectCount(bucket, List.of("game-lines")), expected, found));
	}

	/**
	 * The first decimal price, 0.01 higher: the same event, a new price, as a re-scrape
	 * would have it.
	 */
	static String changePrice(String json) {
		Matcher price = Pattern.compile("\"price\":\\s*(\\d+\\.\\d+)").matcher(json);
		assertThat(price.find()).as("a decimal price to change").isTrue();
		String raised = String.format(Locale.ROOT, "%.2f", Double.parseDouble(price.group(1)) + 0.01);
		return json.substring(0, price.start(1)) + raised + json.substring(price.end(1));
	}

	// ---- a stampede: the old per-file trigger, 14 launches at once and 14 more while
	// the first runs stage

	/**
	 * Both families at once: 7 launches of each, whichever takes a family's lock halts at
	 * its first chunk (so the second wave certainly meets a run that stages), then 14
	 * more, which must all coalesce; then the holders go on. The MERGEs are counted by
	 * the database: a statement-level trigger on each data table on PostgreSQL
	 * (PostgreSQL fires it once per MERGE), the local BigQuery's own count of DML
	 * statements per table.
	 */
	@Test
	void aStampedeOfLaunchesPublishesEverythingWithOneMergePerTable() throws IOException {
		// PostgreSQL only: 28 processes on one H2 file is beyond what H2's AUTO_SERVER
		// mode holds (the process serving
		// the file exits and takes the others' connections with it); processes that share
		// a database use PostgreSQL
		Backend backend = Backend.POSTGRESQL;
		List<OddsEndpoint> families = List.of(OddsEndpoint.GAME_LINES, OddsEndpoint.PLAYER_PROPS);
		for (String dataset : Arrays.asList(null, OnLocalBigQuery.dataset())) {
			TestBucket bucket = bucket(label(backend, dataset).replaceAll("\\W", "_"));
			new SampleBucketGenerator(dataset == null ? DAY : BIGQUERY_DAY).writeTo(bucket.root());
			// live objects only: a holder asked to run again runs the backfill twin too,
			// a second MERGE per table
			deleteBackfillFolders(bucket.root());
			List<String> expected = cleanRows(bucket, families);
			Backend.TestDatabase database = database(backend);
			List<AppProcess> firstWave = new ArrayList<>();
			for (int i = 0; i < 14; i++) {
				firstWave.add(process(database, bucket, Map.of("ODDS_FAULT_HALT", "write:1"),
						stampedeArgs(dataset, families.get(i % 2))));
			}
			List<AppProcess> holders = awaitHalted(firstWave, 2);
			if (dataset == null) {
				countMerges(database);
			}
			List<AppProcess> secondWave = new ArrayList<>();
			for (int i = 0; i < 14; i++) {
				secondWave.add(process(database, bucket, Map.of(), stampedeArgs(dataset, families.get(i % 2))));
			}
			for (AppProcess process : secondWave) {
				assertThat(process.waitFor()).as(process.output()).isZero();
				assertThat(process.output()).as("launched while a run staged").contains("coalesced into execution");
			}
			// one family after the other: on BigQuery two publications at one moment
			// collide on the ledger, and the
			// retried one's rolled-back MERGE would count too (that collision has tests
			// of its own)
			for (AppProcess holder : holders) {
				holder.resume();
				assertThat(holder.waitFor()).as(holder.output()).isZero();
			}
			for (AppProcess process : firstWave) {
				assertThat(process.waitFor()).as(process.output()).isZero();
			}
			Map<String, Long> merges = dataset == null ? mergesCounted(database) : mergesOnBigQuery(dataset);
			// the ledger and the coverage table are the date's: each family's run merges
			// them once; nothing is rejected
			assertThat(merges).as("MERGE statements per table, counted by the database")
				.containsExactlyInAnyOrderEntriesOf(Map.of("odds_api_game_lines", 1L, "odds_api_player_props", 1L,
						"odds_api_player_points_props", 1L, "odds_api_published_objects", 2L, "odds_api_coverage", 2L));
			record(Tally.compare(
					"stampede: 7 launches of each family, then 7 more of each while both stage (1 MERGE per "
							+ "table)",
					label(backend, dataset), firstWave.size() + secondWave.size(),
					objectCount(bucket, List.of("game-lines", "player-props")), expected,
					foundRows(dataset, database, bucket)));
		}
	}

	private static String[] stampedeArgs(String dataset, OddsEndpoint endpoint) {
		return onWarehouse(dataset, withChunks("endpoint=" + endpoint.folder(), "gameDate=" + DATE));
	}

	/**
	 * The processes of {@code launched} that halted at their fault point, once
	 * {@code count} of them have.
	 */
	private static List<AppProcess> awaitHalted(List<AppProcess> launched, int count) {
		try {
			return Awaitility.await(count + " holders halted")
				.atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> launched.stream().filter(p -> p.output().contains("ODDS FAULT HALT")).toList(),
						halted -> halted.size() >= count);
		}
		catch (ConditionTimeoutException ex) {
			String ends = launched.stream().map(p -> {
				String output = p.output();
				return "---\n" + output.substring(Math.max(0, output.length() - 1500));
			}).collect(Collectors.joining("\n"));
			throw new AssertionError(
					"fewer than " + count + " holders halted within 120 s; the processes' last output:\n" + ends, ex);
		}
	}

	/**
	 * A statement-level trigger on each data table counts its MERGEs into
	 * {@code merge_count}.
	 */
	private static void countMerges(Backend.TestDatabase database) {
		try (Connection connection = DriverManager.getConnection(database.url(), database.username(),
				database.password()); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE merge_count (table_name TEXT NOT NULL)");
			statement.execute("CREATE FUNCTION count_merge() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
					+ "INSERT INTO merge_count VALUES (TG_TABLE_NAME); RETURN NULL; END $$");
			for (String table : TABLES) {
				statement.execute("CREATE TRIGGER count_merge AFTER INSERT ON " + table
						+ " FOR EACH STATEMENT EXECUTE FUNCTION count_merge()");
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, Long> mergesCounted(Backend.TestDatabase database) {
		Map<String, Long> counts = new TreeMap<>();
		try (Connection connection = DriverManager.getConnection(database.url(), database.username(),
				database.password());
				Statement statement = connection.createStatement();
				ResultSet rows = statement
					.executeQuery("SELECT table_name, COUNT(*) FROM merge_count GROUP BY table_name")) {
			while (rows.next()) {
				counts.put(rows.getString(1), rows.getLong(2));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return counts;
	}

	private static Map<String, Long> mergesOnBigQuery(String dataset) {
		Map<String, Long> counts = new TreeMap<>();
		localBigQuery().modifications().forEach((table, count) -> {
			String name = table.substring(table.indexOf('.') + 1);
			if (table.startsWith(dataset + ".") && TABLES.contains(name)) {
				counts.put(name, count);
			}
		});
		return counts;
	}

	// ---- a holder frozen past its lease, then thawed

	static Stream<Arguments> freezePoints() {
		Stream<Arguments> publishing = Stream
			.of(Arguments.of("publish:odds_api_game_lines", "inside the publication (row locks held)"));
		return FULL ? Stream.concat(Stream.of(Arguments.of("write:2", "with a chunk staged, uncommitted")), publishing)
				: publishing;
	}

	/**
	 * PostgreSQL only: on H2 the first process serves the file to the others
	 * (AUTO_SERVER), so freezing it freezes every process that shares the file; no
	 * takeover can happen there. The frozen holder's lease is 3 s, so the server ends its
	 * idle transaction (and its locks) 3 s into the freeze.
	 */
	@ParameterizedTest(name = "SIGSTOP {1}")
	@MethodSource("freezePoints")
	void aHolderFrozenPastItsLeaseAndThawedLeavesTheTablesExact(String point, String label) {
		TestBucket bucket = day();
		List<String> expected = cleanDay(bucket);
		Backend.TestDatabase database = database(Backend.POSTGRESQL);
		AppProcess frozen = process(database, bucket, Map.of("ODDS_FAULT_HALT", point),
				withChunks("--odds.lock.lease=PT3S"));
		assertThat(frozen.reaches("ODDS FAULT HALT")).as(frozen.output()).isTrue();
		frozen.pause();
		// waits on its standard input: it goes on as soon as SIGCONT wakes it
		frozen.resume();
		// its lease runs out while it is frozen (moved in the database, not waited for)
		expireLeases(database);
		AppProcess takeover = process(database, bucket, Map.of(), CHUNKS);
		assertThat(takeover.waitFor()).as(takeover.output()).isZero();
		assertThat(takeover.output()).contains("published run ");
		frozen.unpause();
		int frozenExit = frozen.waitFor();
		int launches = 2 + relaunchUntilDone(database, bucket, CHUNKS);
		record(Tally.compare(
				"SIGSTOP " + label + " past the lease, another launch takes over, SIGCONT (exit " + frozenExit + ")",
				"POSTGRESQL", launches, objectCount(bucket, ALL_FOLDERS), expected, foundRows(database, bucket)));
	}

	// ---- database faults

	/**
	 * The run's own sessions are killed while a chunk is staged and not yet committed.
	 */
	@Test
	void databaseSessionsTerminatedMidRunThenRelaunched() {
		TestBucket bucket = day();
		List<String> expected = cleanDay(bucket);
		Backend.TestDatabase database = database(Backend.POSTGRESQL);
		String applicationName = "odds-victim-" + Long.toHexString(System.nanoTime());
		Backend.TestDatabase tagged = new Backend.TestDatabase(database.url() + "&ApplicationName=" + applicationName,
				database.username(), database.password(), database.cleanup());
		AppProcess victim = process(tagged, bucket, Map.of("ODDS_FAULT_HALT", "write:2"), CHUNKS);
		assertThat(victim.reaches("ODDS FAULT HALT")).as(victim.output()).isTrue();
		int terminated = terminateSessions(database, applicationName);
		assertThat(terminated).as("sessions of the halted run").isPositive();
		victim.resume();
		int exit = victim.waitFor();
		int launches = 1 + relaunchUntilDone(database, bucket, CHUNKS);
		record(Tally.compare(
				"pg_terminate_backend on the run's " + terminated + " sessions mid-chunk (exit " + exit + ")",
				"POSTGRESQL", launches, objectCount(bucket, ALL_FOLDERS), expected, foundRows(database, bucket)));
	}

	private static int terminateSessions(Backend.TestDatabase database, String applicationName) {
		try (Connection connection = DriverManager.getConnection(database.url(), database.username(),
				database.password());
				PreparedStatement terminate = connection.prepareStatement(
						"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?")) {
			terminate.setString(1, applicationName);
			try (var result = terminate.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The whole server restarts (fast shutdown: every session cut) while a chunk is
	 * staged and not committed.
	 */
	@Test
	void postgresqlRestartedMidRunThenRelaunched() {
		List<String> restart = postgresqlRestartCommand();
		TestBucket bucket = day();
		List<String> expected = cleanDay(bucket);
		Backend.TestDatabase database = database(Backend.POSTGRESQL);
		AppProcess victim = process(database, bucket, Map.of("ODDS_FAULT_HALT", "write:2"), CHUNKS);
		assertThat(victim.reaches("ODDS FAULT HALT")).as(victim.output()).isTrue();
		assertThat(run(restart)).as(String.join(" ", restart)).isZero();
		victim.resume();
		int exit = victim.waitFor();
		int launches = 1 + relaunchUntilDone(database, bucket, CHUNKS);
		record(Tally.compare("PostgreSQL restarted mid-chunk (exit " + exit + ")", "POSTGRESQL", launches,
				objectCount(bucket, ALL_FOLDERS), expected, foundRows(database, bucket)));
	}

	/**
	 * {@code pg_ctlcluster} for the local cluster on port 5432 (Debian's PostgreSQL
	 * packages), or a skip.
	 */
	private static List<String> postgresqlRestartCommand() {
		try {
			Process list = new ProcessBuilder("pg_lsclusters", "--no-header").redirectErrorStream(true).start();
			String clusters = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			list.waitFor();
			for (String line : clusters.lines().toList()) {
				String[] fields = line.trim().split("\\s+");
				if (fields.length >= 4 && fields[2].equals("5432") && fields[3].equals("online")) {
					return List.of("pg_ctlcluster", fields[0], fields[1], "restart");
				}
			}
			RequiredServices.unavailable(
					"no online PostgreSQL cluster on port 5432 in " + "pg_lsclusters to restart:\n" + clusters);
		}
		catch (IOException ex) {
			RequiredServices.unavailable("pg_lsclusters cannot run here: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		throw new IllegalStateException("unreachable");
	}

	private static int run(List<String> command) {
		try {
			return new ProcessBuilder(command).inheritIO().start().waitFor();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	// ---- the disk: an object that cannot be read, a database file that cannot grow

	@ParameterizedTest(name = "unreadable object on {0}")
	@EnumSource(Backend.class)
	void anObjectUnreadableMidRunFailsTheRunNamingItThenARelaunchCompletes(Backend backend) throws IOException {
		TestBucket bucket = day();
		List<String> expected = cleanDay(bucket);
		Backend.TestDatabase database = database(backend);
		List<String> names = objectNames(bucket.root(), "game-lines");
		String unreadable = names.get(names.size() / 2);
		AppProcess victim = processWithout(database, bucket, Map.of("ODDS_FAULT_HALT", "read:" + unreadable + "#0"),
				CHUNKS);
		assertThat(victim.reaches("ODDS FAULT HALT")).as(victim.output()).isTrue();
		Path file = bucket.root().resolve(unreadable);
		Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
		Files.setPosixFilePermissions(file, Set.of());
		victim.resume();
		assertThat(victim.waitFor()).as(victim.output()).isNotZero();
		assertThat(victim.output()).contains("cannot read " + unreadable + ": permission denied");
		Files.setPosixFilePermissions(file, permissions);
		int launches = 1 + relaunchUntilDone(database, bucket, CHUNKS);
		record(Tally.compare("object made unreadable (chmod 000) mid-run: failed naming it, fixed, relaunched",
				backend.name(), launches, objectCount(bucket, ALL_FOLDERS), expected, foundRows(database, bucket)));
	}

	/**
	 * Root reads any file whatever its mode: the victim then runs without the
	 * capabilities that allow it, as any other user would.
	 */
	private AppProcess processWithout(Backend.TestDatabase database, TestBucket bucket, Map<String, String> env,
			String... args) {
		List<String> wrapper = "root".equals(System.getProperty("user.name")) ? List.of("setpriv",
				"--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search")
				: List.of();
		return process(wrapper, database, bucket, env, args);
	}

	/**
	 * The embedded warehouse's disk fills mid-run: the victim's files may not grow past a
	 * limit ({@code ulimit -f}; the JVM ignores SIGXFSZ, so a write past it fails with
	 * "File too large" as on a full disk).
	 */
	@Test
	void theDatabaseFileCannotGrowMidRunThenARelaunchWithRoomCompletes() throws IOException {
		TestBucket bucket = day();
		List<String> expected = cleanDay(bucket);
		Backend.TestDatabase database = database(Backend.H2);
		long limitKb = FULL ? 24 * 1024 : 3 * 1024;
		AppProcess victim = process(List.of("bash", "-c", "ulimit -f " + limitKb + " && exec \"$@\"", "bash"), database,
				bucket, Map.of(), CHUNKS);
		assertThat(victim.waitFor()).as(victim.output()).isNotZero();
		assertThat(victim.output()).contains("File too large");
		int launches = 1 + relaunchUntilDone(database, bucket, CHUNKS);
		record(Tally.compare(
				"database file stopped at " + limitKb / 1024 + " MB mid-run (disk full), relaunched with room", "H2",
				launches, objectCount(bucket, ALL_FOLDERS), expected, foundRows(database, bucket)));
	}

	// ---- broken objects among good ones

	/**
	 * Broken objects: name suffix (an event folder) and content. Each must be rejected
	 * with a readable reason.
	 */
	static List<Map.Entry<String, byte[]>> brokenObjects(byte[] good) {
		List<Map.Entry<String, byte[]>> broken = new ArrayList<>();
		Random random = new Random(42);
		for (int i = 0; i < 4; i++) {
			broken.add(Map.entry("trunc" + i, Arrays.copyOf(good, 1 + random.nextInt(good.length - 2))));
		}
		broken.add(Map.entry("notjson", bytes("hello, this is not JSON")));
		broken.add(Map.entry("html", bytes("<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>")));
		broken.add(Map.entry("apierror",
				bytes("{\"message\":\"Usage quota has been reached\",\"error_code\":\"OUT_OF_USAGE_CREDITS\"}")));
		broken.add(Map.entry("empty", new byte[0]));
		broken.add(Map.entry("blank", bytes(" \n\t \r\n ")));
		broken.add(Map.entry("badutf8",
				concat(bytes("{\"id\":\"e1\",\"home_team\":\"Bost"), new byte[] { (byte) 0xC3, 0x28 }, bytes("n\"}"))));
		broken.add(Map.entry("deep", bytes("[".repeat(10_000) + "]".repeat(10_000))));
		broken.add(Map.entry("pricestring", bytes(event("\"1.91\""))));
		broken.add(Map.entry("nan", bytes(event("NaN"))));
		broken.add(Map.entry("infinity", bytes(event("Infinity"))));
		broken.add(Map.entry("zero", bytes(event("0"))));
		broken.add(Map.entry("negative", bytes(event("-1.5"))));
		broken.add(Map.entry("noid", bytes(event("1.91").replace("\"id\":\"e1\",", ""))));
		broken.add(Map.entry("dupkey", bytes(event("1.91").replace("\"id\":\"e1\",", "\"id\":\"e1\",\"id\":\"e2\","))));
		broken.add(Map.entry("nesting",
				bytes("{\"id\":\"e1\",\"commence_time\":\"2026-01-15T00:30:00Z\",\"home_team\":\"Boston "
						+ "Celtics\",\"away_team\":\"Miami Heat\",\"bookmakers\":{\"key\":\"fanduel\"}}")));
		broken.add(Map.entry("teamnumber",
				bytes(event("1.91").replace("\"home_team\":\"Boston Celtics\"", "\"home_team\":42"))));
		broken.add(Map.entry("badtime", bytes(event("1.91").replace("2026-01-15T00:30:00Z", "tomorrow evening"))));
		broken.add(Map.entry("outcomesobj",
				bytes(event("1.91").replace("\"outcomes\":[", "\"outcomes\":{\"x\":[").replace("]}]}]}", "]}}]}]}"))));
		broken.add(Map.entry("string", bytes("\"just a string\"")));
		broken.add(Map.entry("number", bytes("42")));
		broken.add(Map.entry("escape", bytes("{\"id\":\"e1\\u00")));
		broken.add(Map.entry("nullevent", bytes("null")));
		broken.add(Map.entry("arrayofnumbers", bytes("[1,2,3]")));
		return broken;
	}

	static String event(String price) {
		return "{\"id\":\"e1\",\"commence_time\":\"2026-01-15T00:30:00Z\",\"home_team\":\"Boston Celtics\",\"away_team\":"
				+ "\"Miami Heat\",\"bookmakers\":[{\"key\":\"fanduel\",\"title\":\"FanDuel\",\"markets\":[{\"key\":\"h2h\","
				+ "\"outcomes\":[{\"name\":\"Miami Heat\",\"price\":" + price
				+ "},{\"name\":\"Boston Celtics\",\"price\":1.38}]}]}]}";
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	@ParameterizedTest(name = "broken objects on {0}")
	@EnumSource(Backend.class)
	void brokenObjectsAreRejectedWithAReasonAndEveryGoodRowIsPublished(Backend backend) throws IOException {
		SampleBucketGenerator.Spec small = new SampleBucketGenerator.Spec(List.of(DATE), 2, 2, 3, 2, 5L);
		TestBucket good = bucket("good");
		new SampleBucketGenerator(small).writeTo(good.root());
		TestBucket mixed = bucket("mixed");
		new SampleBucketGenerator(small).writeTo(mixed.root());
		String sample = objectNames(good.root(), "game-lines").get(0);
		List<Map.Entry<String, byte[]>> broken = brokenObjects(Files.readAllBytes(good.root().resolve(sample)));
		// a UTF-8 byte order mark before valid JSON is allowed by RFC 8259: accepted, in
		// both buckets
		byte[] withBom = concat(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, bytes(event("2.05")));
		String bomName = TestBucket.objectName("game-lines", DATE, "bom1-MIABOS",
				Instant.parse("2026-01-14T21:00:00Z"));
		good.put(bomName, withBom);
		mixed.put(bomName, withBom);
		List<String> brokenNames = new ArrayList<>();
		Instant capture = Instant.parse("2026-01-14T22:00:00Z");
		for (Map.Entry<String, byte[]> object : broken) {
			String name = TestBucket.objectName("game-lines", DATE, object.getKey() + "-MIABOS", capture);
			mixed.put(name, object.getValue());
			brokenNames.add(name);
		}
		// 200 MB once is enough: it tests the reader, not the database
		boolean huge = backend == Backend.H2;
		if (huge) {
			brokenNames.add(writeHugeTruncatedObject(mixed, capture));
		}
		// not scrapes: deeper junk with a traversal-looking folder, and a link to a file
		// outside the bucket
		mixed.put("odds-api/game-lines/" + DATE + "/e1-MIABOS/..%2F..%2Fetc/20260114_220000-snap-2200.json",
				bytes(event("1.91")));
		Path outside = tempDir.resolve("outside.json");
		Files.writeString(outside, event("9.99"));
		Path link = mixed.root().resolve(TestBucket.objectName("game-lines", DATE, "link1-MIABOS", capture));
		Files.createDirectories(link.getParent());
		Files.createSymbolicLink(link, outside);

		// the good bucket's rows in every table but the two that also hold the broken
		// objects, checked below
		List<String> goodRows = cleanRows(good, ALL);
		List<String> expected = withoutTables(goodRows, LEDGER, REJECTED);
		Backend.TestDatabase database = database(backend);
		AppProcess run = process(database, mixed, Map.of(), "--odds.max-rejected-ratio=1.0");
		assertThat(run.waitFor()).as(run.output()).isZero();
		assertThat(run.output()).doesNotContain("OutOfMemoryError");
		List<String> found = withoutTables(foundRows(database, mixed), LEDGER, REJECTED);
		try (JobHarness check = JobHarness.start(database, mixed.root())) {
			List<String> ledger = check.rows(LEDGER).stream().map(row -> LEDGER + "|" + row).toList();
			List<String> goodLedger = goodRows.stream().filter(row -> row.startsWith(LEDGER + "|")).toList();
			assertThat(ledger).as("the good objects' ledger rows, and one per broken object")
				.hasSize(goodLedger.size() + brokenNames.size())
				.containsAll(goodLedger);
			assertThat(check.rowMaps(LEDGER, "outcome <> 'published'"))
				.extracting(r -> (String) r.get("source_file_path"))
				.containsExactlyInAnyOrderElementsOf(brokenNames);
			List<Map<String, Object>> rejected = check.rowMaps("odds_api_rejected_files", "");
			assertThat(rejected).extracting(r -> (String) r.get("source_file_path"))
				.containsExactlyInAnyOrderElementsOf(brokenNames);
			assertThat(rejected).allSatisfy(r -> assertThat((String) r.get("reason")).as(r.toString())
				.isNotBlank()
				.doesNotContain("\tat ")
				.doesNotStartWith("java.")
				.doesNotContain("Exception"));
		}
		record(Tally.compare(broken.size() + (huge ? 1 : 0) + " broken objects among good ones (-Xmx256m)",
				backend.name(), 1, objectCount(mixed, ALL_FOLDERS), expected, found));
	}

	/**
	 * 200 MB on one line: an event whose bookmakers never end. Read streaming, it must
	 * not exhaust 256 MB of heap.
	 */
	private static String writeHugeTruncatedObject(TestBucket bucket, Instant capture) throws IOException {
		String name = TestBucket.objectName("game-lines", DATE, "huge-MIABOS", capture);
		Path file = bucket.root().resolve(name);
		Files.createDirectories(file.getParent());
		byte[] bookmaker = bytes(
				"{\"key\":\"fanduel\",\"title\":\"FanDuel\",\"markets\":[{\"key\":\"h2h\",\"outcomes\":"
						+ "[{\"name\":\"Miami Heat\",\"price\":2.5},{\"name\":\"Boston Celtics\",\"price\":1.5}]}]},");
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
			out.write(bytes(
					"{\"id\":\"huge\",\"commence_time\":\"2026-01-15T00:30:00Z\",\"home_team\":\"Boston Celtics\","
							+ "\"away_team\":\"Miami Heat\",\"bookmakers\":["));
			for (long written = 0; written < 200L * 1024 * 1024; written += bookmaker.length) {
				out.write(bookmaker);
			}
		}
		return name;
	}

	// ---- hostile parameters are refused before any work

	@Test
	void hostileParametersAreRefusedBeforeAnyWork() {
		TestBucket bucket = day();
		Backend.TestDatabase database = database(Backend.H2);
		List<String[]> hostile = new ArrayList<>(
				List.of(new String[] { "endpoint=game-lines';DROP TABLE odds_api_game_lines;--", "gameDate=" + DATE },
						new String[] { "endpoint=game-lines", "gameDate=../../../etc/passwd" }));
		if (FULL) {
			hostile.add(new String[] { "endpoint=../../etc", "gameDate=" + DATE });
			hostile.add(new String[] { "endpoint=game-lines", "gameDate=2026-01-14' OR '1'='1" });
		}
		for (String[] args : hostile) {
			AppProcess refused = process(database, bucket, Map.of(), args);
			assertThat(refused.waitFor()).as(refused.output()).isEqualTo(2);
			assertThat(refused.output()).containsAnyOf("unknown endpoint", "is not a calendar date");
		}
		try (JobHarness check = JobHarness.start(database, bucket.root())) {
			assertThat(check.count("batch_job_instance")).as("no run was created").isZero();
			List<String> found;
			try {
				found = rows(check);
			}
			catch (BadSqlGrammarException neverCreated) {
				found = List.of(); // no launch got as far as creating the tables
			}
			record(Tally.compare(hostile.size() + " hostile parameter sets refused (exit 2)", "H2", hostile.size(), 0,
					List.of(), found));
		}
	}

}
