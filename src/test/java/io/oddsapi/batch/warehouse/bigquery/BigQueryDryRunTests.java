package io.oddsapi.batch.warehouse.bigquery;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.oddsapi.batch.job.FaultInjector;
import io.oddsapi.batch.job.RunSummary;
import io.oddsapi.batch.samples.SampleBucketGenerator;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.CoverageDay;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.MutableClock;
import io.oddsapi.batch.warehouse.ColumnDefinition;
import io.oddsapi.batch.warehouse.ExistingTable;
import io.oddsapi.batch.warehouse.SqlDialect;
import io.oddsapi.batch.warehouse.TableAdoption;
import io.oddsapi.batch.warehouse.TableCatalog;
import io.oddsapi.batch.warehouse.TableDefinition;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The BigQuery warehouse with nothing sent: the dry run writes every statement, and each
 * one analyses in ZetaSQL, BigQuery's SQL front end, for both endpoint families on fresh
 * and on existing tables.
 */
class BigQueryDryRunTests extends FunctionalTest {

	static final LocalDate DATE = LocalDate.of(2026, 1, 14);

	static final TableCatalog TABLES = TableCatalog.load("file:job-config/tables/");

	/**
	 * A BigQuery that already has the tables: records what it is sent and sends nothing.
	 */
	static class ExistingTables implements BigQueryGateway {

		final List<String> statements = new ArrayList<>();

		final Map<String, Map<String, String>> tables = new LinkedHashMap<>();

		ExistingTables() {
			for (TableDefinition table : TABLES.tables()) {
				Map<String, String> columns = new LinkedHashMap<>();
				table.columns().forEach(c -> columns.put(c.name(), c.type().name()));
				tables.put(table.name(), columns);
			}
		}

		@Override
		public Attempt execute(String statement, String jobId) {
			statements.add(statement);
			return new Attempt(jobId + "_a1", 0);
		}

		/**
		 * As BigQuery would answer for the script's child jobs: 400 inserted and 8
		 * updated per MERGE.
		 */
		@Override
		public Map<String, DmlCounts> dmlCounts(String scriptJobId) {
			assertThat(scriptJobId).endsWith("_publish_a1");
			Map<String, DmlCounts> counts = new LinkedHashMap<>();
			List.of(statements.get(statements.size() - 1).split(";\n"))
				.stream()
				.filter(s -> s.startsWith("MERGE INTO"))
				.forEach(s -> counts.put(s, new DmlCounts(400, 8)));
			return counts;
		}

		final Map<String, Long> uploaded = new LinkedHashMap<>();

		@Override
		public Attempt load(String table, LoadFile file, long rowCount, String jobId) {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			long rows = 0;
			try {
				file.writeTo(bytes);
				try (DataFileStream<GenericRecord> avro = new DataFileStream<>(
						new ByteArrayInputStream(bytes.toByteArray()), new GenericDatumReader<>())) {
					for (GenericRecord row : avro) {
						assertThat(row.getSchema().getFields().get(0).name()).isEqualTo("run_id");
						rows++;
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			uploaded.put(table, rows);
			statements.add("-- load " + table + " " + rowCount);
			return new Attempt(jobId + "_a1", 0);
		}

		/**
		 * The loaded staging tables' deduplicated counts: the sample has no duplicate
		 * keys, so all their rows.
		 */
		@Override
		public List<Map<String, String>> query(String sql) {
			statements.add(sql);
			if (!sql.startsWith("SELECT (SELECT COUNT(*)")) {
				return List.of();
			}
			Map<String, String> counts = new LinkedHashMap<>();
			uploaded.forEach((staging, rows) -> counts.put(staging.replaceAll("^stg_(.*)_r\\d+_[0-9a-f]{12}$", "$1"),
					rows.toString()));
			return List.of(counts);
		}

		@Override
		public Optional<Map<String, String>> columns(String table) {
			return Optional.ofNullable(tables.get(table));
		}

	}

	@Test
	void everyStatementOfADryRunAnalysesInZetaSql() throws Exception {
		new SampleBucketGenerator(SampleBucketGenerator.Spec.bundled()).writeTo(bucket().root());
		Path script = tempDir.resolve("dry-run.sql");
		List<String> runs = new ArrayList<>();
		try (JobHarness job = start(database(Backend.H2), bucket(), FaultInjector.NONE, "odds.warehouse=bigquery",
				"odds.bigquery.dataset=odds_prod", "odds.dry-run=" + script)) {
			for (OddsEndpoint endpoint : List.of(OddsEndpoint.GAME_LINES, OddsEndpoint.PLAYER_PROPS)) {
				RunSummary summary = job.run(endpoint, DATE);
				assertThat(summary.completed()).as(summary.format()).isTrue();
				runs.add(runName(job, job.jdbc()
					.queryForObject("SELECT job_instance_id FROM batch_job_execution WHERE job_execution_id = ?",
							Long.class, summary.executionId())));
			}
		}
		String text = Files.readString(script);
		List<String> statements = ZetaSqlAnalyzer.statements(text);
		assertThat(statements).anyMatch(s -> s.startsWith("CREATE TABLE IF NOT EXISTS `odds_prod.odds_api_game_lines`"))
			.anyMatch(s -> s
				.contains("PARTITION BY game_date\nCLUSTER BY game_id, bookmaker_key, market_key, snapshot_timestamp"))
			.anyMatch(s -> s.contains("CLUSTER BY player_lookup, bookmaker_key"))
			.anyMatch(s -> s.startsWith("CREATE TABLE IF NOT EXISTS `odds_prod.odds_api_player_points_props`"))
			.anyMatch(s -> s
				.contains("OPTIONS (expiration_timestamp = TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL 168 HOUR))"))
			.anyMatch(s -> s.equals("BEGIN TRANSACTION"))
			.anyMatch(s -> s.startsWith("MERGE INTO `odds_prod.odds_api_game_lines` t"))
			.anyMatch(s -> s.startsWith("MERGE INTO `odds_prod.odds_api_published_objects` t"))
			.anyMatch(s -> s.equals("COMMIT TRANSACTION"))
			.anyMatch(s -> s.startsWith("DROP TABLE IF EXISTS `odds_prod.stg_odds_api_game_lines_r"));
		assertThat(text).contains("BEGIN TRANSACTION;\nMERGE INTO `odds_prod.odds_api_game_lines` t")
			.contains("ON t.game_date = DATE '2026-01-14'\n  AND ")
			.contains("QUALIFY ROW_NUMBER() OVER (PARTITION BY game_date, game_id, snapshot_timestamp, bookmaker_key,"
					+ " market_key, outcome_name, CAST(outcome_point AS STRING) ORDER BY snapshot_timestamp DESC,"
					+ " source_file_path DESC")
			.contains("-- load job oddsapi_odds_prod_r");
		assertThat(text.lines().filter(l -> l.startsWith("-- load job")))
			.as("one load per staging table per run: lines and ledger; props, legacy points props and ledger")
			.hasSize(5);
		ZetaSqlAnalyzer zetaSql = new ZetaSqlAnalyzer(TABLES, "odds_prod", runs);
		statements.forEach(zetaSql::analyze);
	}

	/**
	 * BigQuery's TIMESTAMP holds microseconds and refuses a literal with a finer fraction
	 * ("Invalid timestamp"): every statement of both families' runs (DDL, views,
	 * publication script, the coverage MERGE of the scheduled games) is checked, on a
	 * clock with nanoseconds, as {@code Clock.systemUTC()} has on Linux.
	 */
	@Test
	void noStatementCarriesATimeFinerThanAMicrosecond() throws Exception {
		CoverageDay.writeTo(bucket(), true);
		Path script = tempDir.resolve("dry-run.sql");
		MutableClock clock = new MutableClock(CoverageDay.NOW.plusNanos(123_456_789));
		try (JobHarness job = start(database(Backend.H2), bucket(),
				Map.of("faultInjector", FaultInjector.NONE, "clock", clock), "odds.warehouse=bigquery",
				"odds.bigquery.dataset=odds_prod", "odds.dry-run=" + script)) {
			for (OddsEndpoint endpoint : List.of(OddsEndpoint.GAME_LINES, OddsEndpoint.PLAYER_PROPS)) {
				RunSummary summary = job.run(endpoint, DATE);
				assertThat(summary.completed()).as(summary.format()).isTrue();
			}
		}
		List<String> statements = ZetaSqlAnalyzer.statements(Files.readString(script));
		assertThat(statements).as("the publication and the coverage record are among them")
			.anyMatch(s -> s.startsWith("MERGE INTO `odds_prod.odds_api_game_lines` t"))
			.anyMatch(s -> s.startsWith("MERGE INTO `odds_prod.odds_api_coverage` t"));
		Pattern finerThanMicros = Pattern.compile("\\d{2}:\\d{2}:\\d{2}\\.\\d{7,}");
		assertThat(statements).noneMatch(s -> finerThanMicros.matcher(s).find());
		assertThat(statements).as("the publication time, truncated to the microsecond")
			.anyMatch(s -> s.contains("'2026-01-15 01:10:00.123456+00:00'"));
	}

	@Test
	void onExistingTablesNoDdlIsSentAndTheRestAnalyses() {
		new SampleBucketGenerator(SampleBucketGenerator.Spec.bundled()).writeTo(bucket().root());
		ExistingTables bigQuery = new ExistingTables();
		String run;
		try (JobHarness job = start(database(Backend.H2), bucket(),
				Map.of("faultInjector", FaultInjector.NONE, "bigQueryGateway", bigQuery), "odds.warehouse=bigquery",
				"odds.bigquery.dataset=odds_prod")) {
			RunSummary summary = job.run(OddsEndpoint.PLAYER_PROPS_HISTORY, DATE);
			assertThat(summary.completed()).isTrue();
			assertThat(summary.format())
				.contains("odds_api_player_props: 408 rows staged, 408 after collapsing duplicates: "
						+ "400 inserted, 8 updated, 0 unchanged");
			run = runName(job,
					job.jdbc().queryForObject("SELECT MAX(job_instance_id) FROM batch_job_instance", Long.class));
			assertThat(job.count(AvroChunkSpool.TABLE)).as("spool emptied").isZero();
		}
		assertThat(bigQuery.statements).noneMatch(s -> s.startsWith("CREATE TABLE IF NOT EXISTS"))
			.as("the consumer views an existing dataset lacks are created")
			.anyMatch(s -> s.startsWith("CREATE OR REPLACE VIEW `odds_prod.odds_api_game_lines_pretip`"))
			.anyMatch(s -> s.startsWith("CREATE OR REPLACE VIEW `odds_prod.odds_api_player_props_consensus`"));
		assertThat(bigQuery.uploaded).containsEntry("stg_odds_api_player_props_" + run, 408L)
			.containsEntry("stg_odds_api_published_objects_" + run, 6L);
		ZetaSqlAnalyzer zetaSql = new ZetaSqlAnalyzer(TABLES, "odds_prod", List.of(run));
		bigQuery.statements.stream()
			.filter(s -> !s.startsWith("--"))
			.flatMap(s -> List.of(s.split(";\n")).stream())
			.forEach(zetaSql::analyze);
	}

	@Test
	void insertedAndUpdatedCountsThatCannotBeReadFailNothing() {
		new SampleBucketGenerator(SampleBucketGenerator.Spec.bundled()).writeTo(bucket().root());
		ExistingTables bigQuery = new ExistingTables() {
			@Override
			public Map<String, DmlCounts> dmlCounts(String scriptJobId) {
				throw new IllegalStateException("Access Denied: bigquery.jobs.list");
			}
		};
		assertThat(propsRunOn(bigQuery).format())
			.contains("odds_api_player_props: 408 rows staged, 408 after collapsing duplicates, merged");
	}

	@Test
	void aCountOfTheLoadedRowsThatFailsFailsNothing() {
		new SampleBucketGenerator(SampleBucketGenerator.Spec.bundled()).writeTo(bucket().root());
		ExistingTables bigQuery = new ExistingTables() {
			@Override
			public List<Map<String, String>> query(String sql) {
				if (sql.startsWith("SELECT (SELECT COUNT(*)")) {
					throw new IllegalStateException("Quota exceeded");
				}
				return super.query(sql);
			}
		};
		assertThat(propsRunOn(bigQuery).format())
			.contains("odds_api_player_props: 408 rows staged: 400 inserted, 8 updated");
	}

	/**
	 * How the BigQuery warehouse names run {@code runId} of the harness's job repository.
	 */
	static String runName(JobHarness job, long runId) {
		return new RunNames(job.jdbc().getDataSource(), "BATCH_").of(runId);
	}

	/** A completed props-history run of the bundled sample on {@code bigQuery}. */
	private RunSummary propsRunOn(ExistingTables bigQuery) {
		try (JobHarness job = start(database(Backend.H2), bucket(),
				Map.of("faultInjector", FaultInjector.NONE, "bigQueryGateway", bigQuery), "odds.warehouse=bigquery",
				"odds.bigquery.dataset=odds_prod")) {
			RunSummary summary = job.run(OddsEndpoint.PLAYER_PROPS_HISTORY, DATE);
			assertThat(summary.completed()).isTrue();
			return summary;
		}
	}

	@Test
	void anExistingTableIsAdoptedByAddingColumnsOnlyAndNamesWhatStopsIt() {
		TableDefinition lines = TABLES.table("odds_api_game_lines");
		Map<String, String> columns = new LinkedHashMap<>();
		lines.columns().forEach(c -> columns.put(c.name(), c.type().name()));
		columns.remove("outcome_price_american");
		columns.put("legacy_note", "STRING");
		TableAdoption missing = TableAdoption.of(lines, Optional
			.of(new ExistingTable(columns, Set.of("game_id", "sport_key"), "game_date", List.of("game_id"), true)),
				false, SqlDialect.BIGQUERY);
		assertThat(missing.adoptable()).isTrue();
		assertThat(missing.added()).extracting(ColumnDefinition::name).containsExactly("outcome_price_american");
		assertThat(missing.notNullThere()).as("required there, not in job-config").containsExactly("sport_key");
		assertThat(missing.lines()).containsExactly("odds_api_game_lines: adopt with 1 change",
				"  ADD COLUMN outcome_price_american INT64 (nullable; existing rows get NULL)",
				"  kept: every column and row as it is; partitioned by game_date, clustered by game_id; "
						+ "require_partition_filter",
				"  NOT NULL there, so a row without a value is rejected with the reason: sport_key");

		columns.put("outcome_point", "STRING");
		TableAdoption retyped = TableAdoption.of(lines,
				Optional.of(new ExistingTable(columns, Set.of("legacy_note"), null, List.of(), false)), false,
				SqlDialect.BIGQUERY);
		assertThat(retyped.refused()).containsExactly(
				"outcome_point is STRING there and FLOAT64 in job-config: adoption retypes nothing",
				"legacy_note is NOT NULL there and job-config has no such column: the job could never fill it");
		assertThatThrownBy(() -> TableAdoption.requireAdoptable(List.of(retyped)))
			.hasMessageStartingWith("cannot adopt the existing tables, nothing was changed: odds_api_game_lines: "
					+ "outcome_point is STRING there");
	}

	@Test
	void aDryRunNeedsNoCredentials() {
		assertThatThrownBy(() -> new DryRunGateway(Path.of("/proc/no/such/dir/x.sql")))
			.hasMessageContaining("cannot write the dry-run script");
	}

}
