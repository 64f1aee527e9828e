package io.oddsapi.batch.localbigquery;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

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
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each behaviour the local BigQuery models, driven through the real
 * {@code google-cloud-bigquery} client, against an example of BigQuery's documentation
 * (the page is named at each test). Expected values are worked out by hand from the
 * documented semantics.
 */
class LocalBigQueryTests extends DocumentedExamples {

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

	/**
	 * "Data manipulation language statements": the Inventory and NewArrivals tables of
	 * its examples.
	 */
	static void inventory() throws InterruptedException {
		run("CREATE TABLE `dataset.Inventory` (product STRING, quantity INT64, supply_constrained BOOL)");
		run("CREATE TABLE `dataset.NewArrivals` (product STRING, quantity INT64, warehouse STRING)");
		run("INSERT `dataset.Inventory` (product, quantity) VALUES ('dishwasher', 30), ('dryer', 30), "
				+ "('front load washer', 20), ('microwave', 20), ('oven', 5), ('refrigerator', 10), "
				+ "('top load washer', 10)");
		run("INSERT `dataset.NewArrivals` (product, quantity, warehouse) VALUES ('dryer', 200, 'warehouse #2'), "
				+ "('oven', 300, 'warehouse #3'), ('top load washer', 100, 'warehouse #1')");
	}

	// docs: reference/standard-sql/dml-syntax, "MERGE statement" (update matched rows,
	// insert new ones)
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

	// docs: reference/standard-sql/dml-syntax, "MERGE statement": "If a row in the table
	// to be updated joins with more
	// than one row from the FROM clause, then the query generates the following runtime
	// error: UPDATE/MERGE must match
	// at most one source row for each target row."
	@Test
	void mergeFailsWhenATargetRowMatchesTwoSourceRows() throws InterruptedException {
		inventory();
		run("INSERT `dataset.NewArrivals` (product, quantity, warehouse) VALUES ('oven', 1, 'warehouse #9')");
		assertThatThrownBy(() -> run("MERGE `dataset.Inventory` T USING `dataset.NewArrivals` S "
				+ "ON T.product = S.product WHEN MATCHED THEN UPDATE SET quantity = S.quantity"))
			.isInstanceOf(BigQueryException.class)
			.hasMessageContaining("UPDATE/MERGE must match at most one source row for each target row");
		assertThat(rows("SELECT quantity FROM `dataset.Inventory` WHERE product = 'oven'")).as("nothing changed")
			.containsExactly(List.of("5"));
	}

	// docs: reference/standard-sql/dml-syntax, "MERGE statement": WHEN NOT MATCHED BY
	// SOURCE ... DELETE, and a
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

	// docs: reference/standard-sql/dml-syntax, "UPDATE statement", "UPDATE using joins":
	// rows of Inventory that join
	// NewArrivals take the sum and lose their supply constraint; the rest stay as they
	// were
	@Test
	void updateJoinsAnotherTableThroughFrom() throws InterruptedException {
		inventory();
		TableResult updated = run("UPDATE `dataset.Inventory` i SET quantity = i.quantity + n.quantity, "
				+ "supply_constrained = false FROM `dataset.NewArrivals` n WHERE i.product = n.product");
		assertThat(rows("SELECT product, quantity, supply_constrained FROM `dataset.Inventory` ORDER BY product"))
			.containsExactly(Arrays.asList("dishwasher", "30", null), List.of("dryer", "230", "false"),
					Arrays.asList("front load washer", "20", null), Arrays.asList("microwave", "20", null),
					List.of("oven", "305", "false"), Arrays.asList("refrigerator", "10", null),
					List.of("top load washer", "110", "false"));
		assertThat(updated.getTotalRows()).isZero();
		assertThat(((JobStatistics.QueryStatistics) bigQuery.getJob(updated.getJobId()).getStatistics()).getDmlStats()
			.getUpdatedRowCount()).isEqualTo(3);
	}

	// docs: reference/standard-sql/dml-syntax, "DELETE statement", "DELETE with
	// subquery": the products that have no new
	// arrival are deleted
	@Test
	void deleteKeepsOnlyRowsTheSubqueryExcludes() throws InterruptedException {
		inventory();
		run("DELETE `dataset.Inventory` i WHERE i.product NOT IN (SELECT product FROM `dataset.NewArrivals`)");
		assertThat(rows("SELECT product FROM `dataset.Inventory` ORDER BY product")).containsExactly(List.of("dryer"),
				List.of("oven"), List.of("top load washer"));
	}

	// docs: reference/standard-sql/dml-syntax, "UPDATE statement": "If a row in the table
	// to be updated joins with more
	// than one row from the FROM clause, then the query generates the following runtime
	// error"
	@Test
	void updateFailsWhenATargetRowJoinsTwoRows() throws InterruptedException {
		inventory();
		run("INSERT `dataset.NewArrivals` (product, quantity, warehouse) VALUES ('oven', 1, 'warehouse #9')");
		assertThatThrownBy(() -> run("UPDATE `dataset.Inventory` i SET quantity = n.quantity "
				+ "FROM `dataset.NewArrivals` n WHERE i.product = n.product"))
			.hasMessageContaining("UPDATE/MERGE must match at most one source row for each target row");
	}

	// docs: transactions, "Transaction concurrency": "If a transaction mutates (updates
	// or deletes) rows in a table, then
	// other transactions or DML statements that mutate rows in the same table cannot run
	// concurrently. Conflicting
	// transactions are cancelled." The first transaction holds its place (its third
	// statement waits); the second
	// mutates the same table and is cancelled with BigQuery's message; the first then
	// commits.
	@Test
	void aTransactionMutatingATableAnotherTransactionMutatesIsAborted() throws InterruptedException {
		inventory();
		HeldTransaction first = transactionHeldAfterItsUpdate("txn_first");
		assertThatThrownBy(() -> run("BEGIN TRANSACTION; "
				+ "UPDATE `dataset.Inventory` SET quantity = 2 WHERE product = 'dryer'; COMMIT TRANSACTION"))
			.hasMessageContaining("Transaction is aborted due to concurrent update against table ")
			.hasMessageContaining(":dataset.Inventory");
		first.commit();
		assertThat(rows("SELECT product, quantity FROM `dataset.Inventory` WHERE product IN ('oven', 'dryer') "
				+ "ORDER BY product"))
			.containsExactly(List.of("dryer", "30"), List.of("oven", "1"));
	}

	// docs: data-manipulation-language, "DML statement conflicts": mutating DML
	// statements that run concurrently on a
	// table may conflict, and the one that loses fails with "Could not serialize access
	// to table ... due to concurrent
	// update". Here the first UPDATE reads the table, waits while a second UPDATE
	// commits, then fails.
	@Test
	void concurrentUpdatesOutsideTransactionsCannotBothCommit() throws InterruptedException {
		inventory();
		local.fault("serialize_first", "gather", 0, 2);
		Job first = bigQuery.create(JobInfo.of(JobId.of("serialize_first"),
				QueryJobConfiguration.of("UPDATE `dataset.Inventory` SET quantity = 1 WHERE product = 'oven'")));
		awaitRunning("serialize_first");
		run("UPDATE `dataset.Inventory` SET quantity = 2 WHERE product = 'dryer'");
		local.release("serialize_first");
		assertThatThrownBy(first::waitFor).hasMessageContaining("Could not serialize access to table ")
			.hasMessageContaining(":dataset.Inventory due to concurrent update");
		assertThat(local.hits("serialize_first", "gather")).as("the UPDATE and the release").isEqualTo(2);
		assertThat(rows("SELECT product, quantity FROM `dataset.Inventory` WHERE product IN ('oven', 'dryer') "
				+ "ORDER BY product"))
			.containsExactly(List.of("dryer", "2"), List.of("oven", "5"));
	}

	// docs: transactions, "Transaction concurrency": INSERT statements only append, and
	// appends do not conflict with
	// a transaction that mutates the same table
	@Test
	void anInsertBesideATransactionMutatingTheTableSucceeds() throws InterruptedException {
		inventory();
		HeldTransaction first = transactionHeldAfterItsUpdate("txn_mutating");
		run("INSERT `dataset.Inventory` (product, quantity) VALUES ('washer', 5)");
		first.commit();
		assertThat(rows("SELECT product, quantity FROM `dataset.Inventory` WHERE product IN ('oven', 'washer') "
				+ "ORDER BY product"))
			.containsExactly(List.of("oven", "1"), List.of("washer", "5"));
	}

	// docs: reference/standard-sql/data-definition-language, "CREATE TABLE statement",
	// "Create a partitioned table" and
	// "Create a clustered table"; the table's partitioning, clustering and expiration as
	// tables.get answers them
	@Test
	void createTableKeepsPartitioningClusteringAndExpiration() throws InterruptedException {
		run("CREATE TABLE `mydataset.myclusteredtable` (input_timestamp TIMESTAMP, customer_id STRING NOT NULL, "
				+ "transaction_amount NUMERIC) PARTITION BY DATE(input_timestamp) CLUSTER BY customer_id "
				+ "OPTIONS (expiration_timestamp = TIMESTAMP '2030-01-01 00:00:00 UTC')");
		Table table = bigQuery.getTable(TableId.of("mydataset", "myclusteredtable"));
		StandardTableDefinition definition = table.getDefinition();
		assertThat(definition.getTimePartitioning().getField()).isEqualTo("input_timestamp");
		assertThat(definition.getTimePartitioning().getType().name()).isEqualTo("DAY");
		assertThat(definition.getClustering().getFields()).containsExactly("customer_id");
		assertThat(table.getExpirationTime()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z").toEpochMilli());
		assertThat(definition.getSchema().getFields().get("customer_id").getMode()).isEqualTo(Field.Mode.REQUIRED);
		assertThat(definition.getSchema().getFields().get("transaction_amount").getType().name()).isEqualTo("NUMERIC");
	}

	// docs: partitioned-tables, "Set partition filter requirements": a query over such a
	// table without a filter on the
	// partition column is refused ("Cannot query over table ... without a filter over
	// column(s) ..."); writes are not
	@Test
	void aTableThatRequiresAPartitionFilterRefusesStatementsWithoutOne() throws InterruptedException {
		run("CREATE TABLE `mydataset.sales` (day DATE NOT NULL, amount INT64) PARTITION BY day "
				+ "OPTIONS (require_partition_filter = TRUE)");
		run("INSERT INTO `mydataset.sales` (day, amount) VALUES (DATE '2026-01-14', 3), (DATE '2026-01-15', 4)");
		assertThat(bigQuery.getTable(TableId.of("mydataset", "sales")).getRequirePartitionFilter()).isTrue();
		assertThatThrownBy(() -> run("SELECT SUM(amount) FROM `mydataset.sales`")).hasMessageContaining(
				"Cannot query over table 'mydataset.sales' without a filter over column(s) 'day' that can be used for "
						+ "partition elimination");
		assertThatThrownBy(() -> run("UPDATE `mydataset.sales` SET amount = 5 WHERE amount = 3"))
			.hasMessageContaining("without a filter over column(s) 'day'");
		assertThat(rows("SELECT SUM(amount) FROM `mydataset.sales` WHERE day = DATE '2026-01-14'"))
			.containsExactly(List.of("3"));
		run("UPDATE `mydataset.sales` s SET amount = 5 WHERE s.day BETWEEN DATE '2026-01-01' AND DATE '2026-01-31' "
				+ "AND amount = 3");
		assertThat(rows("SELECT SUM(amount) FROM `mydataset.sales` WHERE day >= DATE '2026-01-01'"))
			.containsExactly(List.of("9"));
	}

	// docs: reference/standard-sql/data-definition-language, "ALTER TABLE ADD COLUMN
	// statement": existing rows get NULL;
	// IF NOT EXISTS leaves a column that is there alone; a REQUIRED column cannot be
	// added to an existing table
	@Test
	void alterTableAddsNullableColumnsOnly() throws InterruptedException {
		run("CREATE TABLE `mydataset.inventory` (product STRING NOT NULL)");
		run("INSERT INTO `mydataset.inventory` (product) VALUES ('dryer')");
		run("ALTER TABLE `mydataset.inventory` ADD COLUMN quantity INT64, ADD COLUMN IF NOT EXISTS product STRING");
		assertThat(rows("SELECT product, quantity FROM `mydataset.inventory`"))
			.containsExactly(Arrays.asList("dryer", null));
		assertThat(bigQuery.getTable(TableId.of("mydataset", "inventory"))
			.getDefinition()
			.getSchema()
			.getFields()
			.get("quantity")
			.getMode()).isNotEqualTo(Field.Mode.REQUIRED);
		assertThatThrownBy(() -> run("ALTER TABLE `mydataset.inventory` ADD COLUMN sku STRING NOT NULL"))
			.hasMessageContaining("Cannot add a REQUIRED column");
		assertThatThrownBy(() -> run("ALTER TABLE `mydataset.inventory` ADD COLUMN quantity INT64"))
			.hasMessageContaining("Column already exists: quantity");
	}

	// docs: loading-data-cloud-storage-json, "Loading JSON data": newline-delimited JSON,
	// values turned into the
	// columns' types (a quoted number into INT64, a timestamp string into TIMESTAMP);
	// "ignoreUnknownValues": when false,
	// a value that matches no column fails the load and nothing is written
	@Test
	void aLoadConvertsJsonToColumnTypesAndAnUnknownFieldFailsIt() throws Exception {
		run("CREATE TABLE `dataset.arrivals` (product STRING NOT NULL, quantity INT64, at_time TIMESTAMP)");
		assertThat(
				load("good_load", "{\"product\":\"dryer\",\"quantity\":\"200\",\"at_time\":\"2025-01-02 03:04:05\"}\n"
						+ "{\"product\":\"oven\",\"quantity\":300}\n")
					.getStatus()
					.getError())
			.isNull();
		assertThat(rows("SELECT product, quantity, CAST(at_time AS STRING) FROM `dataset.arrivals` ORDER BY product"))
			.containsExactly(List.of("dryer", "200", "2025-01-02 03:04:05+00"), Arrays.asList("oven", "300", null));
		assertThatThrownBy(() -> load("bad_load", "{\"product\":\"washer\",\"colour\":\"white\"}\n"))
			.hasMessageContaining("No such field: colour");
		assertThat(rows("SELECT COUNT(*) FROM `dataset.arrivals`")).containsExactly(List.of("2"));
	}

	// docs: loading-data-cloud-storage-avro, "Logical types": with useAvroLogicalTypes a
	// timestamp-micros field loads
	// as TIMESTAMP and a date as DATE; without it they keep their raw type (INTEGER),
	// which such a column refuses
	@Test
	void anAvroLoadTakesTimestampsAsTimestampsOnlyWithLogicalTypes() throws Exception {
		run("CREATE TABLE `dataset.deliveries` (product STRING, at_time TIMESTAMP, on_day DATE)");
		Schema schema = SchemaBuilder.record("delivery")
			.fields()
			.optionalString("product")
			.name("at_time")
			.type(Schema.createUnion(Schema.create(Schema.Type.NULL),
					LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG))))
			.withDefault(null)
			.name("on_day")
			.type(Schema.createUnion(Schema.create(Schema.Type.NULL),
					LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT))))
			.withDefault(null)
			.endRecord();
		ByteArrayOutputStream file = new ByteArrayOutputStream();
		try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
			writer.create(schema, file);
			GenericData.Record row = new GenericData.Record(schema);
			row.put(0, "dryer");
			row.put(1, 1_735_787_045_000_000L); // 2025-01-02T03:04:05Z
			row.put(2, 20_090); // 2025-01-02
			writer.append(row);
		}
		assertThatThrownBy(() -> loadAvro("raw_types", file.toByteArray(), false))
			.hasMessageContaining("Field at_time has changed type");
		assertThat(loadAvro("logical_types", file.toByteArray(), true).getStatus().getError()).isNull();
		assertThat(rows(
				"SELECT product, CAST(at_time AS STRING) AS at_text, CAST(on_day AS STRING) AS day_text FROM `dataset.deliveries`"))
			.containsExactly(List.of("dryer", "2025-01-02 03:04:05+00", "2025-01-02"));
	}

	private static Job loadAvro(String jobId, byte[] avro, boolean logicalTypes) throws Exception {
		WriteChannelConfiguration configuration = WriteChannelConfiguration
			.newBuilder(TableId.of("dataset", "deliveries"), FormatOptions.avro())
			.setUseAvroLogicalTypes(logicalTypes)
			.setWriteDisposition(JobInfo.WriteDisposition.WRITE_APPEND)
			.build();
		TableDataWriteChannel channel = bigQuery.writer(JobId.of(jobId), configuration);
		try (var out = Channels.newOutputStream(channel)) {
			out.write(avro);
		}
		return channel.getJob().waitFor();
	}

	private static Job load(String jobId, String ndjson) throws Exception {
		WriteChannelConfiguration configuration = WriteChannelConfiguration
			.newBuilder(TableId.of("dataset", "arrivals"), FormatOptions.json())
			.setWriteDisposition(JobInfo.WriteDisposition.WRITE_APPEND)
			.build();
		TableDataWriteChannel channel = bigQuery.writer(JobId.of(jobId), configuration);
		try (var out = Channels.newOutputStream(channel)) {
			out.write(ndjson.getBytes(StandardCharsets.UTF_8));
		}
		return channel.getJob().waitFor();
	}

	// docs: running-jobs, "Generate a job ID": a job id is unique in its project, and
	// inserting a job under an id that
	// exists answers 409 (reference/rest/v2/jobs/insert); the job that holds the id stays
	// as it was. The client turns
	// the 409 into the existing job, which is what lets a resubmission attach.
	@Test
	void aJobIdIsUniqueInTheProject() throws Exception {
		Job first = bigQuery.create(JobInfo.of(JobId.of("only_once"), QueryJobConfiguration.of("SELECT 1 AS x")))
			.waitFor();
		HttpResponse<String> again = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(local.url() + "/bigquery/v2/projects/doc-project/jobs"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"jobReference\":{\"jobId\":\"only_once\"},"
						+ "\"configuration\":{\"query\":{\"query\":\"SELECT 2 AS x\",\"useLegacySql\":false}}}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(again.body()).contains("\"reason\": \"duplicate\"".replace(" ", ""));
		Job attached = bigQuery.create(JobInfo.of(JobId.of("only_once"), QueryJobConfiguration.of("SELECT 3 AS x")));
		assertThat(((QueryJobConfiguration) attached.getConfiguration()).getQuery()).isEqualTo("SELECT 1 AS x");
		assertThat(((QueryJobConfiguration) bigQuery.getJob("only_once").getConfiguration()).getQuery())
			.isEqualTo("SELECT 1 AS x");
		assertThat(first.getQueryResults().iterateAll().iterator().next().get(0).getLongValue()).isEqualTo(1);
	}

	// docs: managing-jobs, "Job states": a job is PENDING or RUNNING after it is inserted
	// and DONE when it ends; with a
	// latency of two seconds the insert answers long before the job is done
	@Test
	void jobsRunAsynchronouslyWithTheLatencySet() throws InterruptedException {
		local.latency(Map.of("query", "2s"));
		Job job = bigQuery.create(JobInfo.of(JobId.of("slow_query"), QueryJobConfiguration.of("SELECT 1 AS x")));
		assertThat(job.getStatus().getState()).isIn(JobStatus.State.PENDING, JobStatus.State.RUNNING);
		Job done = job.waitFor();
		assertThat(done.getStatus().getState()).isEqualTo(JobStatus.State.DONE);
		JobStatistics statistics = done.getStatistics();
		assertThat(statistics.getEndTime() - statistics.getStartTime()).isGreaterThanOrEqualTo(2000);
	}

	// docs: multi-statement-queries, "Child jobs": each statement of a script runs as a
	// child job, listed with the
	// script's id as parentJobId; procedural-language, "RAISE": a RAISE fails the script
	// with its message, and a
	// failed transaction's changes are rolled back
	@Test
	void aScriptRunsEachStatementAsAChildJobAndRaiseFailsIt() throws InterruptedException {
		inventory();
		bigQuery
			.create(JobInfo.of(JobId.of("script_ok"), QueryJobConfiguration.of("BEGIN TRANSACTION; "
					+ "UPDATE `dataset.Inventory` SET quantity = 0 WHERE product = 'oven'; COMMIT TRANSACTION")))
			.waitFor();
		List<String> children = new ArrayList<>();
		bigQuery.listJobs(BigQuery.JobListOption.parentJobId("script_ok"))
			.iterateAll()
			.forEach(child -> children.add(((QueryJobConfiguration) child.getConfiguration()).getQuery()));
		assertThat(children).containsExactlyInAnyOrder("BEGIN TRANSACTION",
				"UPDATE `dataset.Inventory` SET quantity = 0 WHERE product = 'oven'", "COMMIT TRANSACTION");
		assertThatThrownBy(() -> run(
				"BEGIN TRANSACTION; " + "UPDATE `dataset.Inventory` SET quantity = 9 WHERE product = 'dryer'; "
						+ "IF (SELECT COUNT(*) FROM `dataset.Inventory` WHERE quantity = 0) > 0 THEN "
						+ "RAISE USING MESSAGE = 'an empty product'; END IF; COMMIT TRANSACTION"))
			.hasMessageContaining("an empty product");
		assertThat(rows("SELECT quantity FROM `dataset.Inventory` WHERE product = 'dryer'")).as("rolled back")
			.containsExactly(List.of("30"));
	}

	/**
	 * A transaction that has set the oven's quantity to 1 and waits, uncommitted, until
	 * {@link #commit}.
	 */
	record HeldTransaction(Job job, String heldChild) {

		void commit() throws InterruptedException {
			local.release(heldChild);
			assertThat(job.waitFor().getStatus().getError()).isNull();
		}
	}

	private static HeldTransaction transactionHeldAfterItsUpdate(String jobId) {
		String held = LocalBigQuery.childJobId(jobId, 2); // its third statement
		local.fault(held, "gather", 0, 2);
		Job job = bigQuery.create(JobInfo.of(JobId.of(jobId), QueryJobConfiguration.of("BEGIN TRANSACTION; "
				+ "UPDATE `dataset.Inventory` SET quantity = 1 WHERE product = 'oven'; SELECT 1; COMMIT TRANSACTION")));
		awaitRunning(held);
		return new HeldTransaction(job, held);
	}

	/**
	 * Waits until the job (or child job) with this id is RUNNING: its snapshot is taken
	 * and it is held.
	 */
	private static void awaitRunning(String jobId) {
		local.awaitJob(job -> job.id().equals(jobId) && job.state().equals("RUNNING"));
	}

	// docs: reference/standard-sql/query-syntax, "QUALIFY clause"
	@Test
	void qualifyFiltersOnAWindowFunction() throws InterruptedException {
		inventory();
		assertThat(rows("SELECT product, quantity FROM `dataset.Inventory` WHERE TRUE QUALIFY ROW_NUMBER() OVER "
				+ "(ORDER BY quantity DESC, product) = 1"))
			.containsExactly(List.of("dishwasher", "30"));
	}

	// docs: reference/standard-sql/data-types, "Timestamp type": "with microsecond
	// precision"; conversion rules: a
	// string that is no valid timestamp fails CAST, and SAFE_CAST gives NULL instead
	@Test
	void aTimestampHoldsMicrosecondsAndAFinerFractionIsRefused() throws InterruptedException {
		assertThat(rows("SELECT UNIX_MICROS(TIMESTAMP '2024-01-05 09:30:00.123456+00')"))
			.containsExactly(List.of("1704447000123456"));
		assertThatThrownBy(() -> run("SELECT TIMESTAMP '2026-12-07T05:12:18.251152163Z'"))
			.hasMessageContaining("Invalid TIMESTAMP literal");
		assertThatThrownBy(() -> run("SELECT CAST('2024-01-05 09:30:00.1234567+00' AS TIMESTAMP)"))
			.hasMessageContaining("Invalid timestamp");
		assertThat(rows("SELECT SAFE_CAST('2024-01-05 09:30:00.1234567+00' AS TIMESTAMP) IS NULL"))
			.containsExactly(List.of("true"));
	}

}
