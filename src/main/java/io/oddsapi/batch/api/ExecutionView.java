package io.oddsapi.batch.api;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.oddsapi.batch.job.RunSummary;
import io.oddsapi.batch.warehouse.PublishReport;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/** One job execution as the API shows it: what ran, how far it got, what it published and rejected. */
public record ExecutionView(long id, String endpoint, String gameDate, long run, String status, String exitCode,
		String exitDescription, String error, Map<String, String> parameters, LocalDateTime createTime,
		LocalDateTime startTime, LocalDateTime endTime, List<Step> steps, Files files, List<Table> tables,
		long mergeStatements, List<String> rejects) {

	public record Step(String name, String status, long read, long written, long filtered, long skipped, long commits,
			long rollbacks, LocalDateTime startTime, LocalDateTime endTime) {
	}

	/** Objects of the run's manifest: {@code done} of {@code total} staged. */
	public record Files(int total, int done, int rejected, int alreadyPublished, int ignored) {
	}

	/** Rows per target table; inserted and updated are -1 where the warehouse does not report them (BigQuery). */
	public record Table(String table, long staged, long merged, long inserted, long updated) {
	}

	static ExecutionView of(JobExecution execution, RunSummary summary) {
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
			.map((PublishReport.TableReport t) -> new Table(t.table(), t.staged(), t.merged(), t.inserted(), t.updated()))
			.toList();
		return new ExecutionView(execution.getId(), summary.endpoint(), summary.gameDate(), summary.run(),
				execution.getStatus().name(), execution.getExitStatus().getExitCode(),
				execution.getExitStatus().getExitDescription(), summary.error(), parameters,
				execution.getCreateTime(), execution.getStartTime(), execution.getEndTime(), steps,
				new Files(summary.objects(), summary.objectsDone(), summary.counts().rejections().size(),
						summary.alreadyPublished(), summary.ignored()),
				tables, summary.mergeStatements(), summary.counts().rejections());
	}

	private static Step step(StepExecution s) {
		return new Step(s.getStepName(), s.getStatus().name(), s.getReadCount(), s.getWriteCount(), s.getFilterCount(),
				s.getSkipCount(), s.getCommitCount(), s.getRollbackCount(), s.getStartTime(), s.getEndTime());
	}
}
