package io.oddsapi.batch.warehouse.bigquery;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.QueryJobConfiguration;
import io.oddsapi.batch.localbigquery.LocalBigQueryProcess;
import io.oddsapi.batch.localbigquery.LocalBigQueryServer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gateway as it drives the real BigQuery client, against the local BigQuery. */
class ClientBigQueryGatewayTests {

	@LocalBigQueryServer
	static LocalBigQueryProcess local;

	String dataset;

	ClientBigQueryGateway gateway;

	@BeforeEach
	void gateway() {
		dataset = "gw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		gateway = new ClientBigQueryGateway(local.client("odds-project"), dataset, "US", Duration.ofMillis(10),
				Duration.ofMinutes(7));
		gateway.execute("CREATE TABLE `" + dataset + ".stg` (run_id INT64, name STRING)", "ddl_" + dataset);
	}

	List<LocalBigQueryProcess.JobLine> jobs(String prefix) {
		return local.jobs().stream().filter(j -> j.id().startsWith(prefix)).toList();
	}

	@Test
	void aStatementIsOneQueryJobUnderItsFirstAttemptId() {
		BigQueryGateway.Attempt attempt = gateway.execute("SELECT 1", "q_" + dataset);
		assertThat(attempt).isEqualTo(new BigQueryGateway.Attempt("q_" + dataset + "_a1", 0));
		assertThat(jobs("q_" + dataset)).as("with the configured timeout")
			.extracting(LocalBigQueryProcess.JobLine::jobTimeoutMs)
			.containsExactly(Duration.ofMinutes(7).toMillis());
		assertThat(jobs("q_" + dataset)).hasSize(1);
	}

	@Test
	void aResubmissionAttachesToTheJobAlreadyThere() {
		String id = "ins_" + dataset;
		gateway.execute("INSERT `" + dataset + ".stg` (run_id) VALUES (1)", id);
		BigQueryGateway.Attempt again = gateway.execute("INSERT `" + dataset + ".stg` (run_id) VALUES (1)", id);
		assertThat(again.jobId()).isEqualTo(id + "_a1");
		assertThat(jobs(id)).as("submitted once, then attached").hasSize(1);
		assertThat(gateway.query("SELECT COUNT(*) AS n FROM `" + dataset + ".stg`")).containsExactly(Map.of("n", "1"));
	}

	@Test
	void anAttemptThatFailedBeforeThisExecutionIsFollowedByTheNext() throws InterruptedException {
		String id = "failed_" + dataset;
		local.fault(id + "_a1", "internalError", 0, 1);
		Job predecessor = local.client("odds-project")
			.create(JobInfo.of(JobId.newBuilder().setJob(id + "_a1").setLocation("US").build(),
					QueryJobConfiguration.of("INSERT `" + dataset + ".stg` (run_id) VALUES (7)")));
		assertThatThrownBy(predecessor::waitFor).hasMessageContaining("injected internalError");
		assertThat(local.hits(id + "_a1", "internalError")).isEqualTo(1);
		// a predecessor's attempt _a1 failed; this execution attaches to it, sees the
		// failure and sends _a2
		BigQueryGateway.Attempt attempt = gateway.execute("INSERT `" + dataset + ".stg` (run_id) VALUES (7)", id);
		assertThat(attempt).isEqualTo(new BigQueryGateway.Attempt(id + "_a2", 0));
		assertThat(gateway.query("SELECT COUNT(*) AS n FROM `" + dataset + ".stg`")).containsExactly(Map.of("n", "1"));
	}

	@Test
	void internalAndBackendErrorsAreRetriedUnderNewAttemptIds() {
		String id = "retried_" + dataset;
		local.fault(id + "_a1", "internalError", 0, 1);
		local.fault(id + "_a2", "backendError", 0, 1);
		BigQueryGateway.Attempt attempt = gateway.execute("SELECT 1", id);
		assertThat(attempt).isEqualTo(new BigQueryGateway.Attempt(id + "_a3", 2));
		assertThat(local.hits(id + "_a1", "internalError")).isEqualTo(1);
		assertThat(local.hits(id + "_a2", "backendError")).isEqualTo(1);
	}

	// docs: data-manipulation-language, "DML statements": at most 20 mutating statements
	// queue per table; past that
	// BigQuery answers "Too many DML statements outstanding", to be retried later
	@Test
	void aFullDmlQueueIsRetriedUnderANewAttemptId() {
		String id = "queued_" + dataset;
		local.fault(id + "_a1", "tooManyDml", 0, 1);
		assertThat(gateway.execute("SELECT 1", id)).isEqualTo(new BigQueryGateway.Attempt(id + "_a2", 1));
		assertThat(local.hits(id + "_a1", "tooManyDml")).isEqualTo(1);
	}

	// docs: troubleshooting/error-messages: rateLimitExceeded is retried with exponential
	// backoff; a request the API
	// refuses for it created no job, and is sent again under the same id
	@Test
	void aRequestRefusedForARateLimitIsSentAgainUnderItsId() {
		local.fault("/jobs", "http403rateLimitExceeded", 0, 1);
		assertThat(gateway.execute("SELECT 1", "rate_" + dataset).jobId()).isEqualTo("rate_" + dataset + "_a1");
		assertThat(local.hits("/jobs", "http403rateLimitExceeded")).isEqualTo(1);
	}

	@Test
	void aFailedJobSurfacesBigQuerysMessageAndIsNotRetried() {
		String id = "syntax_" + dataset;
		assertThatThrownBy(() -> gateway.execute("MERGE nonsense", id))
			.isInstanceOf(ClientBigQueryGateway.BigQueryJobException.class)
			.hasMessageStartingWith("BigQuery job " + id + "_a1 failed: ")
			.hasMessageEndingWith("(invalidQuery)");
		assertThat(jobs(id)).as("not retried").hasSize(1);
	}

	@Test
	void http5xxAndADroppedConnectionAreRetriedByTheClient() {
		local.fault("/jobs", "http503", 0, 1);
		assertThat(gateway.execute("SELECT 1", "http_" + dataset).jobId()).isEqualTo("http_" + dataset + "_a1");
		assertThat(local.hits("/jobs", "http503")).isEqualTo(1);
		local.fault("/queries/reset_" + dataset, "reset", 0, 1);
		assertThat(gateway.execute("SELECT 1", "reset_" + dataset).jobId()).isEqualTo("reset_" + dataset + "_a1");
		assertThat(local.hits("/queries/reset_" + dataset, "reset")).isEqualTo(1);
	}

	@Test
	void aLoadIsOneUploadedLoadJobAndAResubmissionAttaches() {
		String id = "load_" + dataset;
		gateway.load("stg", avro(new Object[] { 1L, "a" }, new Object[] { 2L, null }), 2, id);
		gateway.load("stg", avro(new Object[] { 1L, null }, new Object[] { 3L, "c" }), 2, id);
		assertThat(jobs(id)).as("one load job").hasSize(1);
		assertThat(gateway.query("SELECT run_id, name FROM `" + dataset + ".stg` ORDER BY run_id"))
			.containsExactly(Map.of("run_id", "1", "name", "a"), withNullName("2"));
	}

	@Test
	void aLoadThatWroteOtherThanTheRowsSentFails() {
		String id = "short_" + dataset;
		assertThatThrownBy(() -> gateway.load("stg", avro(new Object[] { 1L, "a" }, new Object[] { 2L, "b" }), 3, id))
			.hasMessage("BigQuery load job " + id + "_a1 wrote 2 rows into stg, where the run staged 3: not "
					+ "publishing them");
	}

	/** Rows of (run_id, name) as an Avro load file. */
	static BigQueryGateway.LoadFile avro(Object[]... rows) {
		Schema schema = SchemaBuilder.record("stg").fields().optionalLong("run_id").optionalString("name").endRecord();
		return out -> {
			try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
				writer.create(schema, out);
				for (Object[] row : rows) {
					GenericData.Record record = new GenericData.Record(schema);
					record.put(0, row[0]);
					record.put(1, row[1]);
					writer.append(record);
				}
			}
		};
	}

	static Map<String, String> withNullName(String runId) {
		Map<String, String> row = new LinkedHashMap<>();
		row.put("run_id", runId);
		row.put("name", null);
		return row;
	}

	@Test
	void theRowsEachMergeOfAScriptInsertedAndUpdatedComeFromItsChildJobs() {
		gateway.execute("INSERT `" + dataset + ".stg` (run_id, name) VALUES (1, 'a'), (2, 'b')", "seed_" + dataset);
		String merge = "MERGE INTO `" + dataset + ".stg` t USING (SELECT 2 AS run_id, 'B' AS name UNION ALL "
				+ "SELECT 3, 'c') s ON t.run_id = s.run_id WHEN MATCHED THEN UPDATE SET name = s.name "
				+ "WHEN NOT MATCHED THEN INSERT (run_id, name) VALUES (s.run_id, s.name)";
		BigQueryGateway.Attempt script = gateway.execute("BEGIN TRANSACTION;\n" + merge + ";\nCOMMIT TRANSACTION",
				"script_" + dataset);
		assertThat(gateway.dmlCounts(script.jobId()))
			.containsExactly(Map.entry(merge, new BigQueryGateway.DmlCounts(1, 1)));
	}

	@Test
	void columnsOfATableAndNoneOfAMissingOne() {
		assertThat(gateway.columns("stg")).contains(Map.of("run_id", "INT64", "name", "STRING"));
		assertThat(gateway.columns("missing")).isEmpty();
	}

}
