package io.oddsapi.batch.warehouse.bigquery;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.oddsapi.batch.warehouse.AnalyticsSql;
import io.oddsapi.batch.warehouse.ColumnDefinition;
import io.oddsapi.batch.warehouse.SharedSql;
import io.oddsapi.batch.warehouse.SqlDialect;
import io.oddsapi.batch.warehouse.TableDefinition;

/**
 * BigQuery's statements, from the same {@link SharedSql} as the JDBC warehouse:
 * partitioned and clustered targets, one staging table per run and target (expiring after
 * a week), the run's MERGEs and ledger in one multi-statement transaction, the staging
 * clean-up, and the ledger look-up.
 */
public final class BigQuerySql {

	/**
	 * Long enough for any restart: a restarted run attaches to the load job that filled
	 * its staging table, so the table must still be there (a week is 168 hours:
	 * TIMESTAMP_ADD takes no DAY part in BigQuery).
	 */
	public static final String STAGING_EXPIRATION = "TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL 168 HOUR)";

	private final String dataset;

	private final SharedSql shared;

	public BigQuerySql(String dataset) {
		this.dataset = dataset;
		this.shared = new SharedSql(SqlDialect.BIGQUERY, name -> "`" + dataset + "." + name + "`");
	}

	public String dataset() {
		return dataset;
	}

	public SharedSql shared() {
		return shared;
	}

	public List<String> createTarget(TableDefinition table) {
		List<String> statements = new ArrayList<>();
		String cluster = table.clustering().isEmpty() ? "" : "\nCLUSTER BY " + String.join(", ", table.clustering());
		statements.add("CREATE TABLE IF NOT EXISTS " + shared.ref(table.name()) + " (\n  " + shared.targetColumns(table)
				+ "\n)\nPARTITION BY " + table.partitionColumn() + cluster);
		statements.addAll(analyticsViews(table));
		return statements;
	}

	/**
	 * The consumer views, created apart too: a dataset whose tables exist gets them when
	 * they are missing.
	 */
	public List<String> analyticsViews(TableDefinition table) {
		return new AnalyticsSql(shared).createViews(table);
	}

	public String addColumn(TableDefinition table, ColumnDefinition column) {
		return "ALTER TABLE " + shared.ref(table.name()) + " ADD COLUMN IF NOT EXISTS " + column.name() + " "
				+ column.type().name();
	}

	/**
	 * The run's staging table of a target: {@code stg_
	 *
	<table>
	 * _<run>}, the run named by {@link RunNames}.
	 */
	public static String stagingName(TableDefinition table, String run) {
		return "stg_" + table.name() + "_" + run;
	}

	public String createStaging(TableDefinition table, String run) {
		String columns = shared.stagingColumns(table)
			.stream()
			.map(c -> c + " " + shared.stagingColumnType(table, c))
			.collect(Collectors.joining(",\n  "));
		return "CREATE OR REPLACE TABLE " + shared.ref(stagingName(table, run)) + " (\n  " + columns
				+ "\n)\nOPTIONS (expiration_timestamp = " + STAGING_EXPIRATION + ")";
	}

	/**
	 * The run's staged rows, one per merge key. QUALIFY keeps the first by the dedup
	 * order: BigQuery would insert duplicate source rows silently when their key is new.
	 */
	String dedupedSource(TableDefinition table, String run) {
		return "SELECT * FROM " + shared.ref(stagingName(table, run)) + " WHERE TRUE\n  QUALIFY "
				+ shared.keyRank(table) + " = 1";
	}

	/**
	 * One query for every loaded staging table of the run: its rows left once duplicates
	 * collapse, by table name.
	 */
	String countDeduped(List<TableDefinition> tables, String run) {
		return "SELECT " + tables.stream()
			.map(table -> "(SELECT COUNT(*) FROM (" + dedupedSource(table, run) + ")) AS " + table.name())
			.collect(Collectors.joining(",\n  "));
	}

	public String mergeStatement(TableDefinition table, LocalDate gameDate, String run, Instant publishedAt) {
		return shared.merge(table, gameDate, dedupedSource(table, run),
				SqlDialect.BIGQUERY.timestampLiteral(publishedAt));
	}

	/**
	 * The statements of the publication script: the MERGEs of the run, ledger included,
	 * in one transaction.
	 */
	public List<String> publishScript(List<TableDefinition> tables, LocalDate gameDate, String run,
			Instant publishedAt) {
		List<String> statements = new ArrayList<>();
		statements.add("BEGIN TRANSACTION");
		tables.forEach(table -> statements.add(mergeStatement(table, gameDate, run, publishedAt)));
		statements.add("COMMIT TRANSACTION");
		return statements;
	}

	/** Whether {@code statement} (a child job's text) is the MERGE into {@code table}. */
	public boolean mergesInto(String statement, TableDefinition table) {
		return statement.startsWith("MERGE INTO " + shared.ref(table.name()) + " ");
	}

	public String dropStaging(TableDefinition table, String run) {
		return "DROP TABLE IF EXISTS " + shared.ref(stagingName(table, run));
	}

	public String publishedObjects(TableDefinition ledger, LocalDate gameDate, String endpoint) {
		return "SELECT source_file_path, generation, size_bytes FROM " + shared.ref(ledger.name())
				+ " WHERE game_date = " + SqlDialect.BIGQUERY.dateLiteral(gameDate) + " AND endpoint = '"
				+ endpoint.replace("'", "") + "'";
	}

}
