package io.oddsapi.batch.api;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.oddsapi.batch.job.OddsJobConfiguration;
import io.oddsapi.batch.job.RunSummary;
import io.oddsapi.batch.warehouse.PublishReport;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * One job execution as the API shows it: what ran, how far it got, what it published and
 * rejected.
 */
public record ExecutionView(long id, String endpoint, String gameDate, long run, String status, String exitCode,
		String exitDescription, String error, Map<String, String> parameters, OffsetDateTime createTime,
		OffsetDateTime startTime, OffsetDateTime endTime, double durationSeconds, List<Step> steps, Files files,
		Progress progress, List<Table> tables, long mergeStatements, List<String> rejects, List<LockEvent> lockEvents,
		Restarts restarts) {

	/**
	 * The executions of the same run: the one this restarted, and the one that restarted
	 * this (null: none).
	 */
	public record Restarts(Long restartOf, Long restartedAs) {

		static final Restarts NONE = new Restarts(null, null);

		/** From the ids of the run's executions, in any order. */
		static Restarts among(long id, List<Long> runExecutions) {
			Long before = runExecutions.stream().filter(other -> other < id).max(Long::compare).orElse(null);
			Long after = runExecutions.stream().filter(other -> other > id).min(Long::compare).orElse(null);
			return new Restarts(before, after);
		}

	}

	public record Step(String name, String status, long read, long written, long filtered, long skipped, long commits,
			long rollbacks, OffsetDateTime startTime, OffsetDateTime endTime) {
	}

	/** Objects of the run's manifest: {@code done} of {@code total} staged. */
	public record Files(int total, int done, int rejected, int alreadyPublished, int ignored) {
	}

	/**
	 * Staging so far: rows staged, at what rate since staging began, and the time left at
	 * that rate for the objects still to stage (null until one is done, and once all
	 * are).
	 */
	public record Progress(long rowsStaged, double rowsPerSecond, Double secondsLeft) {
	}

	/**
	 * Rows per target table; inserted, updated and unchanged (merged rows the target
	 * already held as they were) are -1 where the warehouse does not report them
	 * (BigQuery), merged too on a BigQuery dry run.
	 */
	public record Table(String table, long staged, long merged, long inserted, long updated, long unchanged) {
	}

	/**
	 * What happened to the date's lock around this execution: acquired, took over,
	 * coalesced, ran.
	 */
	public record LockEvent(Instant at, String kind, String lockId, Long executionId, String host, String detail) {
	}

	static ExecutionView of(JobExecution execution, RunSummary summary, Restarts restarts) {
		return of(execution, summary, List.of(), restarts);
	}

	static ExecutionView of(JobExecution execution, RunSummary summary, List<LockEvent> lockEvents, Restarts restarts) {
		Map<String, String> parameters = new LinkedHashMap<>();
		execution.getJobParameters()
			.parameters()
			.stream()
			.sorted((a, b) -> a.name().compareTo(b.name()))
			.forEach(p -> parameters.put(p.name(), String.valueOf(p.value())));
		List<Step> steps = execution.getStepExecutions()
			.stream()
			.sorted((a, b) -> Long.compare(a.getId(), b.getId()))
			.map(ExecutionView::step)
			.toList();
		List<Table> tables = summary.report()
			.tables()
			.stream()
			.map((PublishReport.TableReport t) -> new Table(t.table(), t.staged(), t.merged(), t.inserted(),
					t.updated(), t.inserted() < 0 || t.merged() < 0 ? -1 : t.merged() - t.inserted() - t.updated()))
			.toList();
		return new ExecutionView(execution.getId(), summary.endpoint(), summary.gameDate(), summary.run(),
				execution.getStatus().name(), execution.getExitStatus().getExitCode(),
				withoutTrace(execution.getId(), execution.getExitStatus().getExitDescription()), summary.error(),
				parameters, offset(execution.getCreateTime()), offset(execution.getStartTime()),
				offset(execution.getEndTime()), summary.took().toMillis() / 1000.0, steps,
				new Files(summary.objects(), summary.objectsDone(), summary.counts().rejections().size(),
						summary.alreadyPublished(), summary.ignored()),
				progress(execution, summary), tables, summary.mergeStatements(), summary.counts().rejections(),
				List.copyOf(lockEvents), restarts);
	}

	/**
	 * The exit description's first line, the failure's message: a caller gets no stack
	 * trace, which stays in the log with the execution's id.
	 */
	static String withoutTrace(long id, String description) {
		if (description == null || description.isEmpty()) {
			return description;
		}
		String first = description.lines().findFirst().orElse("");
		return first.length() == description.length() ? description
				: first + " (the stack trace is in the server's log, under execution " + id + ")";
	}

	private static Progress progress(JobExecution execution, RunSummary summary) {
		long rows = summary.counts().rows();
		StepExecution stage = execution.getStepExecutions()
			.stream()
			.filter(s -> OddsJobConfiguration.STAGE_STEP.equals(s.getStepName()))
			.reduce((first, later) -> later)
			.orElse(null);
		if (stage == null || stage.getStartTime() == null) {
			return new Progress(rows, 0, null);
		}
		LocalDateTime end = stage.getEndTime() == null ? LocalDateTime.now() : stage.getEndTime();
		double seconds = Math.max(0.001, Duration.between(stage.getStartTime(), end).toMillis() / 1000.0);
		int done = summary.objectsDone();
		int left = summary.objects() - done;
		Double secondsLeft = done == 0 || left <= 0 || stage.getEndTime() != null ? null : seconds / done * left;
		return new Progress(rows, rows / seconds, secondsLeft);
	}

	private static Step step(StepExecution s) {
		return new Step(s.getStepName(), s.getStatus().name(), s.getReadCount(), s.getWriteCount(), s.getFilterCount(),
				s.getSkipCount(), s.getCommitCount(), s.getRollbackCount(), offset(s.getStartTime()),
				offset(s.getEndTime()));
	}

	/**
	 * Spring Batch keeps times in the server's zone without saying which: given with
	 * their offset (RFC 3339).
	 */
	private static OffsetDateTime offset(LocalDateTime time) {
		return time == null ? null : time.atZone(ZoneId.systemDefault()).toOffsetDateTime();
	}
}
