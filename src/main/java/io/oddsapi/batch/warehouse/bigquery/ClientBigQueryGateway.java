package io.oddsapi.batch.warehouse.bigquery;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

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
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableDataWriteChannel;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableResult;
import com.google.cloud.bigquery.ViewDefinition;
import com.google.cloud.bigquery.WriteChannelConfiguration;
import io.oddsapi.batch.warehouse.ExistingTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.util.backoff.BackOffExecution;

/**
 * The gateway on the BigQuery client. A job is submitted as attempt {@code <id>_a1}; a
 * 409 on creation means the attempt exists (submitted by a predecessor that died): the
 * gateway attaches to it and waits, and when that attempt had failed it goes on with the
 * next number. A job that fails on "Could not serialize access ... due to concurrent
 * update", "Transaction is aborted due to concurrent update" (two publications'
 * transactions mutating the ledger at once), "Too many DML statements outstanding", or an
 * internal, backend, rate or quota error is retried under the next attempt id after a
 * backoff that doubles; any other failure is thrown with BigQuery's message. A request
 * refused with a 5xx, a dropped connection, or a rate or quota reason is sent again under
 * the same id.
 */
public class ClientBigQueryGateway implements BigQueryGateway {

	private static final Logger log = LoggerFactory.getLogger(ClientBigQueryGateway.class);

	/** Failed attempts of one execution before it gives up. */
	static final int ATTEMPTS = 8;

	/** Attempt ids a job may use, failed ones of earlier executions included. */
	static final int ATTEMPT_IDS = 100;

	private final BigQuery bigQuery;

	private final String dataset;

	private final String location;

	private final Duration firstBackoff;

	private final Duration jobTimeout;

	public ClientBigQueryGateway(BigQuery bigQuery, String dataset, String location, Duration firstBackoff,
			Duration jobTimeout) {
		this.bigQuery = bigQuery;
		this.dataset = dataset;
		this.location = location;
		this.firstBackoff = firstBackoff;
		this.jobTimeout = jobTimeout;
	}

	private QueryJobConfiguration queryJob(String sql) {
		return QueryJobConfiguration.newBuilder(sql)
			.setUseLegacySql(false)
			.setJobTimeoutMs(jobTimeout.toMillis())
			.build();
	}

	/** A submitted attempt: its job, and whether it was there already. */
	private record Submitted(Job job, boolean attached) {
	}

	@Override
	public Attempt execute(String statement, String jobId) {
		QueryJobConfiguration config = queryJob(statement);
		return attempts(jobId, attemptId -> createOrAttach(JobInfo.of(id(attemptId), config)));
	}

	/**
	 * Submits attempt after attempt ({@code <jobId>_a1}, {@code _a2}...) until one
	 * succeeds: a retryable failure is tried again under the next id after a pause that
	 * doubles, at most {@link #ATTEMPTS} failures; an attempt a predecessor submitted and
	 * that failed changed nothing, so the next id follows it at once.
	 */
	private Attempt attempts(String jobId, Function<String, Submitted> submit) {
		AtomicInteger nextId = new AtomicInteger(1);
		AtomicInteger failures = new AtomicInteger();
		AtomicReference<BigQueryJobException> lastFailure = new AtomicReference<>();
		RetryTemplate retries = new RetryTemplate(RetryPolicy.builder()
			.backOff(() -> jitteredBackOff(lastFailure))
			.predicate(ex -> ex instanceof BigQueryJobException failed && retryable(failed.error()))
			.build());
		try {
			return retries.execute(() -> nextAttempt(jobId, submit, nextId, failures, lastFailure));
		}
		catch (RetryException ex) {
			if (ex.getLastException() instanceof RuntimeException failed) {
				throw failed;
			}
			throw new IllegalStateException(ex.getLastException());
		}
	}

	/** The first attempt id a predecessor has not already seen fail, submitted. */
	private Attempt nextAttempt(String jobId, Function<String, Submitted> submit, AtomicInteger nextId,
			AtomicInteger failures, AtomicReference<BigQueryJobException> lastFailure) {
		for (int n = nextId.getAndIncrement(); n <= ATTEMPT_IDS; n = nextId.getAndIncrement()) {
			String attemptId = jobId + "_a" + n;
			Submitted submitted = submitted(attemptId, submit);
			BigQueryError error = errorOf(submitted.job(), attemptId);
			if (error == null) {
				return new Attempt(attemptId, failures.get());
			}
			if (!submitted.attached()) {
				failures.incrementAndGet();
				lastFailure.set(new BigQueryJobException(attemptId, error));
				throw lastFailure.get();
			}
			// a predecessor's attempt that failed: it changed nothing (a failed job or
			// script rolls back)
			log.info("BigQuery job {} had failed before this execution ({}); submitting the next attempt", attemptId,
					error.getMessage());
		}
		throw new IllegalStateException("BigQuery job " + jobId + ": " + ATTEMPT_IDS + " attempts exist already");
	}

	/**
	 * A pause after each of the first {@code ATTEMPTS - 1} failures: the first back-off,
	 * doubling, each with up to half of it again at random, so that retries of many runs
	 * spread out.
	 */
	private BackOffExecution jitteredBackOff(AtomicReference<BigQueryJobException> lastFailure) {
		Duration[] backoff = { firstBackoff };
		int[] retries = { 0 };
		return () -> {
			if (++retries[0] >= ATTEMPTS) {
				return BackOffExecution.STOP;
			}
			long pause = backoff[0].toMillis() + ThreadLocalRandom.current().nextLong(backoff[0].toMillis() / 2 + 1);
			backoff[0] = backoff[0].multipliedBy(2);
			BigQueryJobException failed = lastFailure.get();
			log.warn("BigQuery job {} failed ({}); retrying in {} ms", failed.jobId(), failed.error().getMessage(),
					pause);
			return pause;
		};
	}

	@Override
	public Map<String, DmlCounts> dmlCounts(String scriptJobId) {
		Map<String, DmlCounts> counts = new LinkedHashMap<>();
		for (Job child : bigQuery.listJobs(BigQuery.JobListOption.parentJobId(scriptJobId)).iterateAll()) {
			if (child.getConfiguration() instanceof QueryJobConfiguration query
					&& child.getStatistics() instanceof JobStatistics.QueryStatistics statistics
					&& statistics.getDmlStats() != null) {
				DmlStats dml = statistics.getDmlStats();
				counts.put(query.getQuery().strip(),
						new DmlCounts(orZero(dml.getInsertedRowCount()), orZero(dml.getUpdatedRowCount())));
			}
		}
		return counts;
	}

	private static long orZero(Long count) {
		return count == null ? 0 : count;
	}

	/**
	 * Submits an attempt, again under the same id when the request itself failed (a 5xx,
	 * a dropped connection): the job may or may not have been created, and a second
	 * submission attaches to it if it was.
	 */
	private Submitted submitted(String attemptId, Function<String, Submitted> submit) {
		RetryTemplate resubmissions = new RetryTemplate(RetryPolicy.builder()
			.maxRetries(ATTEMPTS - 1)
			.delay(firstBackoff)
			.multiplier(2)
			.predicate(ClientBigQueryGateway::requestFailedTransiently)
			.build());
		resubmissions.setRetryListener(new RetryListener() {
			@Override
			public void beforeRetry(RetryPolicy policy, Retryable<?> retryable, RetryState state) {
				log.warn("submitting BigQuery job {} failed ({}); submitting it again", attemptId,
						state.getLastException().getMessage());
			}
		});
		return resubmissions.invoke(() -> submit.apply(attemptId));
	}

	private static boolean requestFailedTransiently(Throwable failure) {
		return failure instanceof BigQueryException ex
				&& (ex.getCode() >= 500 || ex.getCode() == 0 || (ex.getError() != null && retryable(ex.getError())));
	}

	/**
	 * Reasons BigQuery's error table says to retry with exponential backoff, in lower
	 * case.
	 */
	private static final Set<String> RETRIED_REASONS = Set.of("internalerror", "backenderror", "ratelimitexceeded",
			"quotaexceeded", "jobratelimitexceeded");

	static boolean retryable(BigQueryError error) {
		String message = String.valueOf(error.getMessage());
		return message.contains("Could not serialize access")
				|| message.contains("Transaction is aborted due to concurrent update")
				|| message.contains("Too many DML statements outstanding")
				|| RETRIED_REASONS.contains(String.valueOf(error.getReason()).toLowerCase(Locale.ROOT));
	}

	/**
	 * Looks first: the client itself answers a duplicate insert with the existing job,
	 * without saying so.
	 */
	private Submitted createOrAttach(JobInfo info) {
		Job existing = bigQuery.getJob(info.getJobId());
		if (existing != null) {
			log.info("BigQuery job {} exists already: attaching to it", info.getJobId().getJob());
			return new Submitted(existing, true);
		}
		try {
			return new Submitted(bigQuery.create(info), false);
		}
		catch (BigQueryException ex) {
			if (ex.getCode() != 409) {
				throw ex;
			}
			return new Submitted(bigQuery.getJob(info.getJobId()), true);
		}
	}

	/**
	 * Waits for the job; its error, or null when it succeeded (the client throws for a
	 * failed job: caught here).
	 */
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
	public Attempt load(String table, LoadFile file, long rowCount, String jobId) {
		WriteChannelConfiguration config = WriteChannelConfiguration.newBuilder(TableId.of(dataset, table))
			.setFormatOptions(FormatOptions.avro())
			.setUseAvroLogicalTypes(true)
			.setWriteDisposition(JobInfo.WriteDisposition.WRITE_TRUNCATE)
			.setCreateDisposition(JobInfo.CreateDisposition.CREATE_NEVER)
			.build();
		Attempt attempt = attempts(jobId, attemptId -> upload(table, config, file, attemptId));
		requireLoaded(table, attempt.jobId(), rowCount);
		return attempt;
	}

	/**
	 * A load that wrote other than the rows sent (a job attached to that is not this
	 * run's, a file cut short) would publish other rows than the run staged: it fails the
	 * step instead.
	 */
	private void requireLoaded(String table, String jobId, long rowCount) {
		Job job = bigQuery.getJob(id(jobId));
		Long written = job != null && job.getStatistics() instanceof JobStatistics.LoadStatistics load
				? load.getOutputRows() : null;
		if (written == null || written != rowCount) {
			throw new IllegalStateException("BigQuery load job " + jobId + " wrote " + written + " rows into " + table
					+ ", where the run staged " + rowCount + ": not publishing them");
		}
	}

	private Submitted upload(String table, WriteChannelConfiguration config, LoadFile file, String jobId) {
		Job existing = bigQuery.getJob(id(jobId));
		if (existing != null) {
			log.info("BigQuery load job {} exists already: attaching to it", jobId);
			return new Submitted(existing, true);
		}
		try {
			TableDataWriteChannel writer = bigQuery.writer(id(jobId), config);
			try (OutputStream out = Channels.newOutputStream(writer)) {
				file.writeTo(out);
			}
			return new Submitted(writer.getJob(), false);
		}
		catch (BigQueryException ex) {
			if (ex.getCode() != 409) {
				throw ex;
			}
			return new Submitted(bigQuery.getJob(id(jobId)), true);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot upload rows for " + table, ex);
		}
	}

	@Override
	public List<Map<String, String>> query(String sql) {
		try {
			TableResult result = bigQuery.query(queryJob(sql));
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

	@Override
	public boolean isView(String table) {
		Table found = bigQuery.getTable(TableId.of(dataset, table));
		return found != null && found.getDefinition() instanceof ViewDefinition;
	}

	@Override
	public Optional<ExistingTable> table(String table) {
		Table found = bigQuery.getTable(TableId.of(dataset, table));
		if (found == null || !(found.getDefinition() instanceof StandardTableDefinition)) {
			return Optional.empty(); // none, or a view
		}
		Map<String, String> types = new LinkedHashMap<>();
		Set<String> required = new LinkedHashSet<>();
		for (Field field : found.getDefinition().getSchema().getFields()) {
			types.put(field.getName(), field.getType().getStandardType().name());
			if (field.getMode() == Field.Mode.REQUIRED) {
				required.add(field.getName());
			}
		}
		String partition = null;
		List<String> clustering = List.of();
		if (found.getDefinition() instanceof StandardTableDefinition standard) {
			partition = standard.getTimePartitioning() == null ? null : standard.getTimePartitioning().getField();
			clustering = standard.getClustering() == null ? List.of()
					: List.copyOf(standard.getClustering().getFields());
		}
		return Optional.of(new ExistingTable(types, required, partition, clustering,
				Boolean.TRUE.equals(found.getRequirePartitionFilter())));
	}

	private JobId id(String job) {
		return JobId.newBuilder().setJob(job).setLocation(location).build();
	}

	/** A BigQuery job ended in error: its id and BigQuery's own message. */
	public static class BigQueryJobException extends RuntimeException {

		private final String jobId;

		private final transient BigQueryError error;

		public BigQueryJobException(String jobId, BigQueryError error) {
			super("BigQuery job " + jobId + " failed: " + error.getMessage() + " (" + error.getReason() + ")");
			this.jobId = jobId;
			this.error = error;
		}

		String jobId() {
			return jobId;
		}

		BigQueryError error() {
			return error;
		}

	}

}
