package io.oddsapi.batch.warehouse.bigquery;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.oddsapi.batch.odds.OfficialGameIds;
import io.oddsapi.batch.warehouse.AnalyticsSql;
import io.oddsapi.batch.warehouse.CoverageFacts;
import io.oddsapi.batch.warehouse.DateTally;
import io.oddsapi.batch.warehouse.ExistingTable;
import io.oddsapi.batch.warehouse.PublishReport;
import io.oddsapi.batch.warehouse.PublishedVersion;
import io.oddsapi.batch.warehouse.RowBinder;
import io.oddsapi.batch.warehouse.RowTables;
import io.oddsapi.batch.warehouse.ScheduleProperties;
import io.oddsapi.batch.warehouse.SqlDialect;
import io.oddsapi.batch.warehouse.StagePosition;
import io.oddsapi.batch.warehouse.StagedRow;
import io.oddsapi.batch.warehouse.TableAdoption;
import io.oddsapi.batch.warehouse.TableDefinition;
import io.oddsapi.batch.warehouse.Warehouse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The warehouse on BigQuery. Each chunk's rows are written as Avro while they are read
 * and kept in the job repository's database ({@link AvroChunkSpool}, so a restart resumes
 * them exactly as on the embedded default); publishing sends, per target with rows, one
 * staging table (expiring in a week) and one load job of the kept Avro blocks, then one
 * script that MERGEs every target and the ledger in a transaction, then drops the staging
 * tables. BigQuery allows 1,500 modifications of a table a day: a run costs one load per
 * staging table and one MERGE per target, whatever the chunk size. Job ids are built from
 * the dataset, the run (named by {@link RunNames}: unique beyond this job repository) and
 * the table, never the execution, so a restart attaches to the jobs its predecessor left
 * running or done, and no other run's.
 */
public class BigQueryWarehouse implements Warehouse {

	private static final Logger log = LoggerFactory.getLogger(BigQueryWarehouse.class);

	private final RowTables rowTables;

	private final AvroChunkSpool spool;

	/** Per table, built once: the schema of its load files. */
	private final Map<String, AvroLoadFile> loadFiles = new ConcurrentHashMap<>();

	private final BigQueryGateway bigQuery;

	private final BigQuerySql sql;

	private final RunNames runNames;

	/** From the last {@link #prepare()}. */
	private volatile Map<String, List<String>> notNullThere = Map.of();

	BigQueryWarehouse(RowTables rowTables, AvroChunkSpool spool, BigQueryGateway bigQuery, BigQuerySql sql,
			RunNames runNames) {
		this.rowTables = rowTables;
		this.spool = spool;
		this.bigQuery = bigQuery;
		this.sql = sql;
		this.runNames = runNames;
	}

	private List<TableDefinition> tables() {
		return List.copyOf(rowTables.catalog().tables());
	}

	/**
	 * Creates missing targets and views; checks existing ones and names every column that
	 * does not match.
	 */
	@Override
	public void prepare() {
		spool.prepare();
		runNames.prepare();
		List<TableAdoption> plan = adoptionPlan();
		TableAdoption.requireAdopted(plan);
		notNullThere = TableAdoption.notNullThere(plan);
		for (TableAdoption adoption : plan) {
			TableDefinition table = rowTables.catalog().table(adoption.table());
			if (adoption.existing().isPresent()) {
				createMissingAnalyticsViews(table);
				continue;
			}
			List<String> ddl = sql.createTarget(table);
			for (int i = 0; i < ddl.size(); i++) {
				bigQuery.execute(ddl.get(i),
						"oddsapi_ddl_" + table.name() + "_" + i + "_" + System.currentTimeMillis());
			}
		}
	}

	@Override
	public Map<String, List<String>> notNullThere() {
		return notNullThere;
	}

	@Override
	public List<TableAdoption> adoptionPlan() {
		return tables().stream().map(table -> {
			Optional<ExistingTable> existing = bigQuery.table(table.name());
			return TableAdoption.of(table, existing, existing.isEmpty() && bigQuery.isView(table.name()),
					SqlDialect.BIGQUERY);
		}).toList();
	}

	/** One ALTER TABLE job per table that lacks columns. */
	@Override
	public List<TableAdoption> adopt() {
		List<TableAdoption> plan = adoptionPlan();
		TableAdoption.requireAdoptable(plan);
		for (TableAdoption adoption : plan) {
			if (adoption.added().isEmpty()) {
				continue;
			}
			TableDefinition table = rowTables.catalog().table(adoption.table());
			String statement = adoption.added()
				.stream()
				.map(column -> sql.addColumn(table, column))
				.collect(Collectors.joining(";\n"));
			bigQuery.execute(statement, "oddsapi_adopt_" + table.name() + "_" + System.currentTimeMillis());
		}
		return adoptionPlan();
	}

	private void createMissingAnalyticsViews(TableDefinition table) {
		List<String> names = AnalyticsSql.viewNames(table);
		List<String> ddl = sql.analyticsViews(table);
		for (int i = 0; i < names.size(); i++) {
			if (bigQuery.columns(names.get(i)).isEmpty()) {
				bigQuery.execute(ddl.get(i), "oddsapi_ddl_" + names.get(i) + "_" + System.currentTimeMillis());
			}
		}
	}

	@Override
	public List<OfficialGameIds.ScheduledGame> scheduledGames(ScheduleProperties schedule, LocalDate from,
			LocalDate to) {
		String table = schedule.table().contains(".") ? schedule.table() : sql.dataset() + "." + schedule.table();
		return bigQuery.query(schedule.query(SqlDialect.BIGQUERY, "`" + table + "`", from, to))
			.stream()
			.map(row -> new OfficialGameIds.ScheduledGame(row.get("official_id"),
					row.get("game_date") == null ? null : LocalDate.parse(row.get("game_date")), row.get("away_team"),
					row.get("home_team")))
			.toList();
	}

	@Override
	public Map<String, PublishedVersion> publishedObjects(LocalDate gameDate, String endpoint) {
		Map<String, PublishedVersion> published = new HashMap<>();
		for (Map<String, String> row : bigQuery
			.query(sql.publishedObjects(rowTables.catalog().ledger(), gameDate, endpoint))) {
			published.put(row.get("source_file_path"),
					new PublishedVersion(Long.parseLong(row.get("generation")), Long.parseLong(row.get("size_bytes"))));
		}
		return published;
	}

	/**
	 * The chunk's rows of each table as one Avro file, kept with the chunk's position.
	 */
	@Override
	public void stage(long runId, List<StagedRow> rows) {
		Map<RowBinder, List<StagedRow>> byTable = new LinkedHashMap<>();
		for (StagedRow staged : rows) {
			byTable.computeIfAbsent(rowTables.binderFor(staged.row()), binder -> new ArrayList<>()).add(staged);
		}
		byTable.forEach((binder, staged) -> {
			List<Object[]> values = new ArrayList<>(staged.size());
			for (StagedRow row : staged) {
				values.add(binder.stagingValues(runId, row));
			}
			StagedRow first = staged.get(0);
			StagedRow last = staged.get(staged.size() - 1);
			spool.add(runId, binder.table().name(), new StagePosition(first.objectIndex(), first.eventIndex()),
					new StagePosition(last.objectIndex(), last.eventIndex()), staged.size(),
					loadFile(binder.table()).chunkFile(values));
		});
	}

	@Override
	public void discardStaged(long runId, StagePosition from) {
		spool.discard(runId, from);
	}

	/**
	 * Merged (after collapsing duplicates) as BigQuery counts the loaded rows, in one
	 * query; none on a dry run. For people and meters only: failing to count fails
	 * nothing.
	 */
	private Map<String, String> dedupedCounts(List<TableDefinition> tables, String run) {
		try {
			return bigQuery.query(sql.countDeduped(tables, run)).stream().findFirst().orElse(Map.of());
		}
		catch (RuntimeException ex) {
			log.warn("rows left after collapsing duplicates not known: counting them failed ({})", ex.getMessage());
			return Map.of();
		}
	}

	/**
	 * The counts are for people and meters: the publication has committed, so failing to
	 * read them fails nothing.
	 */
	private Map<String, BigQueryGateway.DmlCounts> dmlCounts(String scriptJobId) {
		try {
			return bigQuery.dmlCounts(scriptJobId);
		}
		catch (RuntimeException ex) {
			log.warn("rows inserted and updated by {} not known: listing its child jobs failed ({}); the role "
					+ "roles/bigquery.user allows it", scriptJobId, ex.getMessage());
			return Map.of();
		}
	}

	@Override
	public PublishReport publish(long runId, LocalDate gameDate, Instant publishedAt, Consumer<String> merged) {
		List<TableDefinition> withRows = new ArrayList<>();
		List<PublishReport.TableReport> staged = new ArrayList<>();
		// from the run, never the execution: a restart submits the same ids and attaches
		// to what its predecessor sent
		String run = runNames.of(runId);
		String jobPrefix = "oddsapi_" + sql.dataset() + "_" + run + "_";
		int retries = 0;
		for (TableDefinition table : tables()) {
			long rows = spool.rowCount(runId, table.name());
			if (rows == 0) {
				continue;
			}
			withRows.add(table);
			String staging = BigQuerySql.stagingName(table, run);
			retries += bigQuery.execute(sql.createStaging(table, run), jobPrefix + table.name() + "_staging").retries();
			AvroLoadFile avro = loadFile(table);
			retries += bigQuery
				.load(staging, out -> avro.concatenate(chunk -> spool.forEach(runId, table.name(), chunk), out), rows,
						jobPrefix + table.name() + "_load")
				.retries();
			staged.add(new PublishReport.TableReport(table.name(), rows, -1, -1, -1));
		}
		if (withRows.isEmpty()) {
			return new PublishReport(List.of());
		}
		Map<String, String> deduped = dedupedCounts(withRows, run);
		staged.replaceAll(report -> new PublishReport.TableReport(report.table(), report.staged(),
				deduped.containsKey(report.table()) ? Long.parseLong(deduped.get(report.table())) : -1, -1, -1));
		BigQueryGateway.Attempt script = bigQuery.execute(
				String.join(";\n", sql.publishScript(withRows, gameDate, run, publishedAt)), jobPrefix + "publish");
		retries += script.retries();
		List<PublishReport.TableReport> reports = withDmlCounts(withRows, staged, dmlCounts(script.jobId()));
		// every MERGE ran in the one script, committed: this is the earliest moment after
		// them
		withRows.forEach(table -> merged.accept(table.name()));
		for (TableDefinition table : withRows) {
			retries += bigQuery.execute(sql.dropStaging(table, run), jobPrefix + table.name() + "_cleanup").retries();
		}
		for (TableDefinition table : withRows) {
			spool.clear(runId, table.name());
		}
		return new PublishReport(List.copyOf(reports), retries);
	}

	/**
	 * The staged counts with the rows each table's MERGE inserted and updated, where
	 * BigQuery told them.
	 */
	private List<PublishReport.TableReport> withDmlCounts(List<TableDefinition> tables,
			List<PublishReport.TableReport> staged, Map<String, BigQueryGateway.DmlCounts> counts) {
		List<PublishReport.TableReport> reports = new ArrayList<>();
		for (int i = 0; i < tables.size(); i++) {
			TableDefinition table = tables.get(i);
			PublishReport.TableReport report = staged.get(i);
			reports.add(counts.entrySet()
				.stream()
				.filter(e -> sql.mergesInto(e.getKey(), table))
				.map(e -> new PublishReport.TableReport(report.table(), report.staged(), report.merged(),
						e.getValue().inserted(), e.getValue().updated()))
				.findFirst()
				.orElse(report));
		}
		return reports;
	}

	@Override
	public List<CoverageFacts> coverageFacts(LocalDate gameDate) {
		List<CoverageFacts> facts = new ArrayList<>();
		AnalyticsSql analytics = new AnalyticsSql(sql.shared());
		for (TableDefinition table : tables()) {
			analytics.coverageFacts(table, gameDate)
				.ifPresent(query -> bigQuery.query(query)
					.forEach(row -> facts.add(CoverageFacts.of(table.name(), row::get))));
		}
		return facts;
	}

	@Override
	public List<DateTally> tallyByDate(Class<? extends Record> rowType, String booleanColumn, LocalDate from,
			LocalDate to) {
		TableDefinition table = rowTables.catalog().forRowType(rowType.getSimpleName());
		List<DateTally> tallies = new ArrayList<>();
		bigQuery.query(new AnalyticsSql(sql.shared()).tallyByDate(table, booleanColumn, from, to))
			.forEach(row -> tallies.add(new DateTally(LocalDate.parse(row.get("game_date")),
					Long.parseLong(row.get("row_count")), Long.parseLong(row.get("marked")))));
		return tallies;
	}

	/**
	 * One MERGE job of literal rows; BigQuery's concurrent-update aborts are retried as
	 * the publication's are.
	 */
	@Override
	public void mergeRows(LocalDate gameDate, List<? extends Record> rows, Instant publishedAt) {
		if (rows.isEmpty()) {
			return;
		}
		RowBinder binder = rowTables.binderFor(rows.get(0));
		String merge = sql.shared()
			.merge(binder.table(), gameDate,
					sql.shared().literalSource(binder.table(), rows.stream().map(binder::hashedValues).toList()),
					SqlDialect.BIGQUERY.timestampLiteral(publishedAt));
		bigQuery.execute(merge, "oddsapi_" + sql.dataset() + "_" + binder.table().name() + "_"
				+ gameDate.toString().replace("-", "") + "_" + UUID.randomUUID().toString().replace("-", ""));
	}

	/**
	 * No database transaction while BigQuery works: the spool is read and cleared in
	 * statements of their own.
	 */
	@Override
	public PlatformTransactionManager publishTransactions(PlatformTransactionManager repository) {
		return new ResourcelessTransactionManager();
	}

	private AvroLoadFile loadFile(TableDefinition table) {
		return loadFiles.computeIfAbsent(table.name(), name -> new AvroLoadFile(sql.shared(), table));
	}

}
