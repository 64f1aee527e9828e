package io.oddsapi.batch.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.cloud.bigquery.BigQuery;
import io.oddsapi.batch.warehouse.TableCatalog;
import io.oddsapi.batch.warehouse.TableDefinition;
import org.assertj.core.api.SoftAssertions;

/**
 * The tables a comparison test compares: every table of the catalogue in
 * {@code job-config/tables/}, so that a new table joins every comparison without a test
 * naming it. Rows are described by {@link JobHarness#describe}, without the columns that
 * differ between runs by design.
 */
public final class ComparedTables {

	/** The catalogue's tables, by name. */
	public static final List<String> ALL = TableCatalog.load("file:job-config/tables/")
		.tables()
		.stream()
		.map(TableDefinition::name)
		.sorted()
		.toList();

	private ComparedTables() {
	}

	/** Every compared table's rows in a JDBC warehouse. */
	public static Map<String, List<String>> of(JobHarness harness) {
		return of(ALL, harness);
	}

	public static Map<String, List<String>> of(List<String> tables, JobHarness harness) {
		Map<String, List<String>> rows = new LinkedHashMap<>();
		tables.forEach(table -> rows.put(table, harness.rows(table)));
		return rows;
	}

	/**
	 * Every compared table's rows in a BigQuery dataset, read back through the client.
	 */
	public static Map<String, List<String>> of(BigQuery client, String dataset) {
		Map<String, List<String>> rows = new LinkedHashMap<>();
		ALL.forEach(table -> rows.put(table, BigQueryTables.rows(client, dataset, table)));
		return rows;
	}

	/**
	 * Each table's rows equal the expected ones, row for row; every differing table is
	 * reported, by name.
	 */
	public static void assertSameRows(Map<String, List<String>> actual, Map<String, List<String>> expected) {
		SoftAssertions softly = new SoftAssertions();
		softly.assertThat(actual.keySet()).as("tables compared").containsExactlyElementsOf(expected.keySet());
		expected
			.forEach((table, rows) -> softly.assertThat(actual.get(table)).as(table).containsExactlyElementsOf(rows));
		softly.assertAll();
	}

}
