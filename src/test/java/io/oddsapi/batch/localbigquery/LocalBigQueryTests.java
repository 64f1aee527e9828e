package io.oddsapi.batch.localbigquery;

import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.FormatOptions;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.JobStatus;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableDataWriteChannel;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableResult;
import com.google.cloud.bigquery.WriteChannelConfiguration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each behaviour the local BigQuery models, driven through the real {@code google-cloud-bigquery} client, against an
 * example of BigQuery's documentation (the page is named at each test). Expected values are worked out by hand from
 * the documented semantics.
 */
class LocalBigQueryTests {

	static LocalBigQueryProcess local;

	static BigQuery bigQuery;

	@BeforeAll
	static void start() {
		local = LocalBigQueryProcess.start();
		bigQuery = local.client("doc-project");
	}

	@AfterAll
	static void stop() {
		local.close();
	}

	@BeforeEach
	void empty() {
		local.reset();
	}

	static TableResult run(String sql) throws InterruptedException {
		return bigQuery.query(QueryJobConfiguration.newBuilder(sql).setUseLegacySql(false).build());
	}

	static List<List<String>> rows(String sql) throws InterruptedException {
		TableResult result = run(sql);
		List<List<String>> rows = new ArrayList<>();
		for (FieldValueList row : result.iterateAll()) {
			List<String> values = new ArrayList<>();
			for (Field field : result.getSchema().getFields()) {
				var value = row.get(field.getName());
				values.add(value.isNull() ? null : value.getStringValue());
			}
			rows.add(values);
		}
		return rows;
	}

	/** "Data manipulation language statements": the Inventory and NewArrivals tables of its examples. */
	static void inventory() throws InterruptedException {
		run("CREATE TABLE `dataset.Inventory` (product STRING, quantity INT64, supply_constrained BOOL)");
		run("CREATE TABLE `dataset.NewArrivals` (product STRING, quantity INT64, warehouse STRING)");
		run("INSERT `dataset.Inventory` (product, quantity) VALUES ('dishwasher', 30), ('dryer', 30), "
				+ "('front load washer', 20), ('microwave', 20), ('oven', 5), ('refrigerator', 10), "
				+ "('top load washer', 10)");
		run("INSERT `dataset.NewArrivals` (product, quantity, warehouse) VALUES ('dryer', 200, 'warehouse #2'), "
				+ "('oven', 300, 'warehouse #3'), ('top load washer', 100, 'warehouse #1')");
	}

	// docs: reference/standard-sql/dml-syntax, "MERGE statement" (update matched rows, insert new ones)
	@Test
	void mergeUpdatesMatchedRowsAndInsertsTheRest() throws InterruptedException {
		inventory();
		run("INSERT `dataset.NewArrivals` (product, quantity, warehouse) VALUES ('washer', 5, 'warehouse #4')");
		TableResult merged = run("MERGE `dataset.Inventory` T USING `dataset.NewArrivals` S ON T.product = S.product "
				+ "WHEN MATCHED THEN UPDATE SET quantity = T.quantity + S.quantity "
				+ "WHEN NOT MATCHED THEN INSERT (product, quantity) VALUES (product, quantity)");
		assertThat(rows("SELECT product, quantity FROM `dataset.Inventory` ORDER BY product")).containsExactly(
				List.of("dishwasher", "30"), List.of("dryer", "230"), List.of("front load washer", "20"),
				List.of("microwave", "20"), List.of("oven", "305"), List.of("refrigerator", "10"),
				List.of("top load washer", "110"), List.of("washer", "5"));
		assertThat(merged.getTotalRows()).isZero();
	}

	// docs: reference/standard-sql/dml-syntax, "MERGE statement": "If a row in the table to be updated joins with more
	// than one row from the FROM clause, then the query generates the following runtime error: UPDATE/MERGE must match
	// at most one source row for each target row."
	@Test
	void mergeFailsWhenATargetRowMatchesTwoSourceRows() throws InterruptedException {
		inventory();
		run("INSERT `dataset.NewArrivals` (product, quantity, warehouse) VALUES ('oven', 1, 'warehouse #9')");
		assertThatThrownBy(() -> run("MERGE `dataset.Inventory` T USING `dataset.NewArrivals` S "
				+ "ON T.product = S.product WHEN MATCHED THEN UPDATE SET quantity = S.quantity"))
			.isInstanceOf(BigQueryException.class)
			.hasMessageContaining("UPDATE/MERGE must match at most one source row for each target row");
		assertThat(rows("SELECT quantity FROM `dataset.Inventory` WHERE product = 'oven'"))
			.as("nothing changed").containsExactly(List.of("5"));
	}

	// docs: reference/standard-sql/dml-syntax, "MERGE statement": WHEN NOT MATCHED BY SOURCE ... DELETE, and a
	// clause's search condition: the first clause whose condition holds acts
	@Test
	void mergeDeletesRowsTheSourceLacksAndTakesTheFirstClauseThatHolds() throws InterruptedException {
		inventory();
		run("MERGE `dataset.Inventory` T USING (SELECT * FROM `dataset.NewArrivals` WHERE quantity > 150) S "
				+ "ON T.product = S.product "
				+ "WHEN MATCHED AND S.quantity > 250 THEN UPDATE SET supply_constrained = FALSE "
				+ "WHEN MATCHED THEN UPDATE SET supply_constrained = TRUE "
				+ "WHEN NOT MATCHED BY SOURCE AND T.quantity < 20 THEN DELETE");
		assertThat(rows("SELECT product, quantity, supply_constrained FROM `dataset.Inventory` ORDER BY product"))
			.containsExactly(Arrays.asList("dishwasher", "30", null), List.of("dryer", "30", "true"),
					Arrays.asList("front load washer", "20", null), Arrays.asList("microwave", "20", null),
					List.of("oven", "5", "false"));
	}

	@Test
	void smoke() throws InterruptedException {
		inventory();
		assertThat(rows("SELECT product, quantity FROM `dataset.Inventory` WHERE TRUE QUALIFY ROW_NUMBER() OVER "
				+ "(ORDER BY quantity DESC, product) = 1")).containsExactly(List.of("dishwasher", "30"));
	}
}
