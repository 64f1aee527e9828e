package io.oddsapi.batch.warehouse.bigquery;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import io.oddsapi.batch.odds.OfficialGameIds;
import io.oddsapi.batch.warehouse.AnalyticsSql;
import io.oddsapi.batch.warehouse.ScheduleProperties;
import io.oddsapi.batch.warehouse.CoverageFacts;
import io.oddsapi.batch.warehouse.DateTally;
import io.oddsapi.batch.warehouse.ExistingTable;
import io.oddsapi.batch.warehouse.PublishReport;
import io.oddsapi.batch.warehouse.RowBinder;
import io.oddsapi.batch.warehouse.PublishedVersion;
import io.oddsapi.batch.warehouse.SqlDialect;
import io.oddsapi.batch.warehouse.StagePosition;
import io.oddsapi.batch.warehouse.StagedRow;
import io.oddsapi.batch.warehouse.StagingSpool;
import io.oddsapi.batch.warehouse.TableAdoption;
import io.oddsapi.batch.warehouse.TableDefinition;
import io.oddsapi.batch.warehouse.Warehouse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The warehouse on BigQuery. Chunks are spooled in the job repository's database (the JDBC staging tables, so a
 * restart resumes them exactly as on the embedded default); publishing sends, per target with rows, one staging table
 * (expiring in a week) and one load job, then one script that MERGEs every target and the ledger in a transaction,
 * then drops the staging tables. BigQuery allows 1,500 modifications of a table a day: a run costs one load per
 * staging table and one MERGE per target, whatever the chunk size. Job ids are built from the dataset, the run and
 * the table, never the execution, so a restart attaches to the jobs its predecessor left running or done.
 */
public class BigQueryWarehouse implements Warehouse {

	private static final Logger log = LoggerFactory.getLogger(BigQueryWarehouse.class);

	private final StagingSpool spool;

	private final BigQueryGateway bigQuery;

	private final BigQuerySql sql;

	/** From the last {@link #prepare()}. */
	private volatile Map<String, List<String>> notNullThere = Map.of();

	public BigQueryWarehouse(StagingSpool spool, BigQueryGateway bigQuery, BigQuerySql sql) {
		this.spool = spool;
		this.bigQuery = bigQuery;
		this.sql = sql;
	}

	private List<TableDefinition> tables() {
		return List.copyOf(spool.rowTables().catalog().tables());
	}

	/** Creates missing targets and views; checks existing ones and names every column that does not match. */
	@Override
	public void prepare() {
		spool.prepareStaging();
		List<TableAdoption> plan = adoptionPlan();
		TableAdoption.requireAdopted(plan);
		notNullThere = TableAdoption.notNullThere(plan);
		for (TableAdoption adoption : plan) {
			TableDefinition table = spool.rowTables().catalog().table(adoption.table());
			if (adoption.existing().isPresent()) {
				createMissingAnalyticsViews(table);
				continue;
			}
			List<String> ddl = sql.createTarget(table);
			for (int i = 0; i < ddl.size(); i++) {
				bigQuery.execute(ddl.get(i), "oddsapi_ddl_" + table.name() + "_" + i + "_" + System.currentTimeMillis());
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
			TableDefinition table = spool.rowTables().catalog().table(adoption.table());
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
			.query(sql.publishedObjects(spool.rowTables().catalog().ledger(), gameDate, endpoint))) {
			published.put(row.get("source_file_path"), new PublishedVersion(Long.parseLong(row.get("generation")),
					Long.parseLong(row.get("size_bytes"))));
		}
		return published;
	}

	@Override
	public void stage(long runId, List<StagedRow> rows) {
		spool.stage(runId, rows);
	}

	@Override
	public void discardStaged(long runId, StagePosition from) {
		spool.discardStaged(runId, from);
	}

	/** The counts are for people and meters: the publication has committed, so failing to read them fails nothing. */
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
	public PublishReport publish(long runId, long executionId, LocalDate gameDate, Instant publishedAt,
			Consumer<String> merged) {
		List<TableDefinition> withRows = new ArrayList<>();
		List<PublishReport.TableReport> staged = new ArrayList<>();
		// from the run, never the execution: a restart submits the same ids and attaches to what its predecessor sent
		String jobPrefix = "oddsapi_" + sql.dataset() + "_r" + runId + "_";
		int retries = 0;
		for (TableDefinition table : tables()) {
			long rows = spool.stagedCount(runId, table);
			if (rows == 0) {
				continue;
			}
			withRows.add(table);
			String staging = BigQuerySql.stagingName(table, runId);
			retries += bigQuery.execute(sql.createStaging(table, runId), jobPrefix + table.name() + "_staging").retries();
			retries += bigQuery.load(staging, loadFile(runId, table), rows, jobPrefix + table.name() + "_load").retries();
			// inserted and updated: -1 until BigQuery says (not at all on a dry run)
			staged.add(new PublishReport.TableReport(table.name(), rows, spool.dedupedCount(runId, table), -1, -1));
		}
		if (withRows.isEmpty()) {
			return new PublishReport(List.of());
		}
		BigQueryGateway.Attempt script = bigQuery.execute(
				String.join(";\n", sql.publishScript(withRows, gameDate, runId, publishedAt)), jobPrefix + "publish");
		retries += script.retries();
		Map<String, BigQueryGateway.DmlCounts> counts = dmlCounts(script.jobId());
		List<PublishReport.TableReport> reports = new ArrayList<>();
		for (int i = 0; i < withRows.size(); i++) {
			TableDefinition table = withRows.get(i);
			PublishReport.TableReport report = staged.get(i);
			reports.add(counts.entrySet()
				.stream()
				.filter(e -> sql.mergesInto(e.getKey(), table))
				.map(e -> new PublishReport.TableReport(report.table(), report.staged(), report.merged(),
						e.getValue().inserted(), e.getValue().updated()))
				.findFirst()
				.orElse(report));
		}
		// every MERGE ran in the one script, committed: this is the earliest moment after them
		withRows.forEach(table -> merged.accept(table.name()));
		for (TableDefinition table : withRows) {
			retries += bigQuery.execute(sql.dropStaging(table, runId), jobPrefix + table.name() + "_cleanup").retries();
		}
		for (TableDefinition table : withRows) {
			spool.clearStaged(runId, table);
		}
		return new PublishReport(List.copyOf(reports), retries);
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
		TableDefinition table = spool.rowTables().catalog().forRowType(rowType.getSimpleName());
		List<DateTally> tallies = new ArrayList<>();
		bigQuery.query(new AnalyticsSql(sql.shared()).tallyByDate(table, booleanColumn, from, to))
			.forEach(row -> tallies.add(new DateTally(LocalDate.parse(row.get("game_date")),
					Long.parseLong(row.get("row_count")), Long.parseLong(row.get("marked")))));
		return tallies;
	}

	/** One MERGE job of literal rows; BigQuery's concurrent-update aborts are retried as the publication's are. */
	@Override
	public void mergeRows(LocalDate gameDate, List<? extends Record> rows, Instant publishedAt) {
		if (rows.isEmpty()) {
			return;
		}
		RowBinder binder = spool.rowTables().binderFor(rows.get(0));
		String merge = sql.shared().merge(binder.table(), gameDate,
				sql.shared().literalSource(binder.table(), rows.stream().map(binder::hashedValues).toList()),
				"TIMESTAMP '" + publishedAt + "'");
		bigQuery.execute(merge, "oddsapi_" + sql.dataset() + "_" + binder.table().name() + "_" + gameDate.toString()
			.replace("-", "") + "_" + UUID.randomUUID().toString().replace("-", ""));
	}

	/** No database transaction while BigQuery works: the spool is read and cleared in statements of their own. */
	@Override
	public PlatformTransactionManager publishTransactions(PlatformTransactionManager repository) {
		return new ResourcelessTransactionManager();
	}

	/** The run's spooled rows as an Avro file, read from the spool page by page while they upload. */
	private BigQueryGateway.LoadFile loadFile(long runId, TableDefinition table) {
		AvroLoadFile avro = new AvroLoadFile(sql.shared(), table);
		return out -> avro.write(spool.stagedRows(runId, table), out);
	}
}
