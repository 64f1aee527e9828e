package io.oddsapi.batch.warehouse.bigquery;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DmlStats;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.FormatOptions;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableDataWriteChannel;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableResult;
import com.google.cloud.bigquery.WriteChannelConfiguration;

/**
 * The gateway on the BigQuery client. Jobs get the caller's ids; a 409 on creation means the job exists (a
 * resubmission after a crash), and the gateway waits for that job instead. A statement that fails on "Could not
 * serialize access ... due to concurrent update" or an internal error is retried with backoff under a new attempt id;
 * any other failure is thrown with BigQuery's message.
 */
public class ClientBigQueryGateway implements BigQueryGateway {

	private static final Logger log = LoggerFactory.getLogger(ClientBigQueryGateway.class);

	static final int ATTEMPTS = 5;

	private final BigQuery bigQuery;

	private final String dataset;

	private final String location;

	private final Duration firstBackoff;

	public ClientBigQueryGateway(BigQuery bigQuery, String dataset, String location, Duration firstBackoff) {
		this.bigQuery = bigQuery;
		this.dataset = dataset;
		this.location = location;
		this.firstBackoff = firstBackoff;
	}

	@Override
	public String execute(String statement, String jobId) {
		Duration backoff = firstBackoff;
		for (int attempt = 1;; attempt++) {
			String attemptId = attempt == 1 ? jobId : jobId + "_retry" + attempt;
			QueryJobConfiguration config = QueryJobConfiguration.newBuilder(statement).setUseLegacySql(false).build();
			Job job = createOrAttach(JobInfo.of(id(attemptId), config));
			BigQueryError error = errorOf(job, attemptId);
			if (error == null) {
				return attemptId;
			}
			if (attempt == ATTEMPTS || !retryable(error)) {
				throw new BigQueryJobException(attemptId, error);
			}
			log.warn("BigQuery job {} failed ({}); retrying in {} ms", attemptId, error.getMessage(), backoff.toMillis());
			sleep(backoff);
			backoff = backoff.multipliedBy(2);
		}
	}

	@Override
	public Map<String, DmlCounts> dmlCounts(String scriptJobId) {
		Map<String, DmlCounts> counts = new LinkedHashMap<>();
		for (Job child : bigQuery.listJobs(BigQuery.JobListOption.parentJobId(scriptJobId)).iterateAll()) {
			if (child.getConfiguration() instanceof QueryJobConfiguration query
					&& child.getStatistics() instanceof JobStatistics.QueryStatistics statistics
					&& statistics.getDmlStats() != null) {
				DmlStats dml = statistics.getDmlStats();
				counts.put(query.getQuery().strip(), new DmlCounts(orZero(dml.getInsertedRowCount()),
						orZero(dml.getUpdatedRowCount())));
			}
		}
		return counts;
	}

	private static long orZero(Long count) {
		return count == null ? 0 : count;
	}

	static boolean retryable(BigQueryError error) {
		String reason = String.valueOf(error.getReason()).toLowerCase(Locale.ROOT);
		String message = String.valueOf(error.getMessage());
		return message.contains("Could not serialize access") || reason.equals("internalerror")
				|| reason.equals("backenderror") || reason.equals("ratelimitexceeded");
	}

	private Job createOrAttach(JobInfo info) {
		try {
			return bigQuery.create(info);
		}
		catch (BigQueryException ex) {
			if (ex.getCode() != 409) {
				throw ex;
			}
			log.info("BigQuery job {} exists already: attaching to it", info.getJobId().getJob());
			return bigQuery.getJob(info.getJobId());
		}
	}

	/** Waits for the job; its error, or null when it succeeded (the client throws for a failed job: caught here). */
	private BigQueryError errorOf(Job job, String jobId) {
		try {
			Job done = job.waitFor();
			if (done == null) {
				throw new IllegalStateException("BigQuery job " + jobId + " no longer exists");
			}
			return done.getStatus().getError();
		}
		catch (BigQueryException ex) {
			return ex.getError() != null ? ex.getError() : new BigQueryError(ex.getReason(), null, ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted waiting for BigQuery job " + jobId, ex);
		}
	}

	@Override
	public void load(String table, List<String> columns, Iterable<String> jsonRows, long rowCount, String jobId) {
		WriteChannelConfiguration config = WriteChannelConfiguration.newBuilder(TableId.of(dataset, table))
			.setFormatOptions(FormatOptions.json())
			.setWriteDisposition(JobInfo.WriteDisposition.WRITE_TRUNCATE)
			.setCreateDisposition(JobInfo.CreateDisposition.CREATE_NEVER)
			.build();
		Job job;
		try {
			TableDataWriteChannel writer = bigQuery.writer(id(jobId), config);
			try (OutputStream out = Channels.newOutputStream(writer)) {
				for (String row : jsonRows) {
					out.write(row.getBytes(StandardCharsets.UTF_8));
					out.write('\n');
				}
			}
			job = writer.getJob();
		}
		catch (BigQueryException ex) {
			if (ex.getCode() != 409) {
				throw ex;
			}
			log.info("BigQuery load job {} exists already: attaching to it", jobId);
			job = bigQuery.getJob(id(jobId));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot upload rows for " + table, ex);
		}
		BigQueryError error = errorOf(job, jobId);
		if (error != null) {
			throw new BigQueryJobException(jobId, error);
		}
	}

	@Override
	public List<Map<String, String>> query(String sql) {
		try {
			TableResult result = bigQuery.query(QueryJobConfiguration.newBuilder(sql).setUseLegacySql(false).build());
			List<Map<String, String>> rows = new ArrayList<>();
			for (FieldValueList row : result.iterateAll()) {
				Map<String, String> values = new LinkedHashMap<>();
				for (Field field : result.getSchema().getFields()) {
					var value = row.get(field.getName());
					values.put(field.getName(), value.isNull() ? null : value.getStringValue());
				}
				rows.add(values);
			}
			return rows;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted querying BigQuery", ex);
		}
	}

	@Override
	public Optional<Map<String, String>> columns(String table) {
		Table found = bigQuery.getTable(TableId.of(dataset, table));
		if (found == null) {
			return Optional.empty();
		}
		Map<String, String> columns = new LinkedHashMap<>();
		for (Field field : found.getDefinition().getSchema().getFields()) {
			columns.put(field.getName(), field.getType().getStandardType().name());
		}
		return Optional.of(columns);
	}

	private JobId id(String job) {
		return JobId.newBuilder().setJob(job).setLocation(location).build();
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A BigQuery job ended in error: its id and BigQuery's own message. */
	public static class BigQueryJobException extends RuntimeException {

		public BigQueryJobException(String jobId, BigQueryError error) {
			super("BigQuery job " + jobId + " failed: " + error.getMessage() + " (" + error.getReason() + ")");
		}
	}
}
