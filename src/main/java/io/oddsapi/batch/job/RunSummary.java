package io.oddsapi.batch.job;

import java.nio.file.FileSystemException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.oddsapi.batch.jdbc.TransientFailures;
import io.oddsapi.batch.warehouse.PublishReport;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What one run did, read back from its execution and the job repository: what a person
 * sees at the end of a run. {@code transientFailure}: it failed on a lost connection or
 * the like, which a restart may well get past; {@code objectsDone}: the objects of the
 * manifest staged so far (all of them once staging completed).
 */
public record RunSummary(long executionId, String endpoint, String gameDate, long run, BatchStatus status, String error,
		boolean transientFailure, int objects, int objectsDone, int ignored, int alreadyPublished, RunCounts counts,
		PublishReport report, Duration took) {

	public static RunSummary of(JobExecution execution, JobRepository repository) {
		ExecutionContext jobContext = execution.getExecutionContext();
		String manifestText = jobContext.getString(ListObjectsTasklet.MANIFEST_KEY, null);
		Manifest manifest = manifestText == null ? Manifest.EMPTY : Manifest.decode(manifestText);
		// this execution's staging; a restart whose staging had completed before re-runs
		// none: the run's last then
		StepExecution stage = execution.getStepExecutions()
			.stream()
			.filter(step -> OddsJobConfiguration.STAGE_STEP.equals(step.getStepName()))
			.reduce((first, later) -> later)
			.orElseGet(
					() -> repository.getLastStepExecution(execution.getJobInstance(), OddsJobConfiguration.STAGE_STEP));
		RunCounts counts = stage == null ? RunCounts.EMPTY : RunCounts.from(stage.getExecutionContext());
		String reportText = jobContext.getString(PublishTasklet.REPORT_KEY, "");
		LocalDateTime start = Objects.requireNonNullElse(execution.getStartTime(), execution.getCreateTime());
		LocalDateTime end = Objects.requireNonNullElseGet(execution.getEndTime(), LocalDateTime::now);
		var params = execution.getJobParameters();
		return new RunSummary(execution.getId(), params.getString(OddsJobConfiguration.ENDPOINT),
				String.valueOf(params.getLocalDate(OddsJobConfiguration.GAME_DATE)),
				Objects.requireNonNullElse(params.getLong(OddsJobConfiguration.RUN), 0L), execution.getStatus(),
				error(execution), execution.getAllFailureExceptions().stream().anyMatch(TransientFailures::isTransient),
				manifest.objects().size(), objectsDone(stage, manifest), manifest.ignored(),
				manifest.alreadyPublished(), counts, decode(reportText), Duration.between(start, end));
	}

	private static int objectsDone(StepExecution stage, Manifest manifest) {
		if (stage == null) {
			return 0;
		}
		return stage.getStatus() == BatchStatus.COMPLETED ? manifest.objects().size()
				: stage.getExecutionContext().getInt(StagingWriter.OBJECT_KEY, 0);
	}

	public boolean completed() {
		return status == BatchStatus.COMPLETED;
	}

	public long mergeStatements() {
		return report.mergeStatements();
	}

	/**
	 * A few lines for a person: files, rows per table, MERGEs, time, and every rejection
	 * with its reason.
	 */
	public String format() {
		List<String> lines = new ArrayList<>();
		lines.add(String.format("%s %s run %d (execution %d): %s in %.1f s", endpoint, gameDate, run, executionId,
				status, took.toMillis() / 1000.0));
		lines
			.add(String.format("  files: %d read, %d rejected, %d already published, %d other names ignored; %d events",
					objects, counts.rejections().size(), alreadyPublished, ignored, counts.events()));
		report.tables().forEach(table -> lines.add(tableLine(table)));
		lines.add("  MERGE statements: " + report.mergeStatements());
		if (report.retries() > 0) {
			lines.add("  retried: " + report.retries() + " warehouse jobs (concurrent updates, internal errors)");
		}
		if (counts.unknownTeamEvents() > 0 || counts.skippedOutcomes() > 0) {
			lines.add(String.format(
					"  warnings: %d events with a team that is not an NBA team (abbreviations left empty), "
							+ "%d player outcomes naming no player (skipped)",
					counts.unknownTeamEvents(), counts.skippedOutcomes()));
		}
		counts.rejections().forEach(r -> lines.add("  rejected " + r));
		counts.rowRejections().forEach(r -> lines.add("  rows rejected: " + r));
		if (error != null) {
			lines.add("  error: " + error);
		}
		return String.join(System.lineSeparator(), lines);
	}

	/**
	 * A table's line: rows staged, after collapsing duplicates, and what the MERGE did
	 * with them.
	 */
	private static String tableLine(PublishReport.TableReport t) {
		if (t.merged() < 0) {
			// a BigQuery dry run, or a count of the loaded rows that failed
			return t.inserted() < 0 ? String.format("  %s: %d rows staged, merged", t.table(), t.staged())
					: String.format("  %s: %d rows staged: %d inserted, %d updated", t.table(), t.staged(),
							t.inserted(), t.updated());
		}
		if (t.inserted() < 0) { // statistics BigQuery did not keep
			return String.format("  %s: %d rows staged, %d after collapsing duplicates, merged", t.table(), t.staged(),
					t.merged());
		}
		return String.format(
				"  %s: %d rows staged, %d after collapsing duplicates: %d inserted, %d updated, %d unchanged",
				t.table(), t.staged(), t.merged(), t.inserted(), t.updated(), t.merged() - t.inserted() - t.updated());
	}

	/**
	 * The innermost cause of the failure, which names what went wrong ("Unable to process
	 * chunk" does not); from the exit description when the execution was read back from
	 * the repository.
	 */
	static String error(JobExecution execution) {
		if (execution.getStatus() == BatchStatus.COMPLETED) {
			return null;
		}
		Throwable root = execution.getAllFailureExceptions().stream().findFirst().orElse(null);
		if (root == null) {
			return innermostCause(execution.getExitStatus().getExitDescription());
		}
		while (root.getCause() != null && root.getCause() != root && !onlyAPath(root.getCause())) {
			root = root.getCause();
		}
		return root.getMessage() == null ? root.getClass().getName() : root.getMessage();
	}

	/**
	 * A file-system exception without a reason says nothing but the file's path; the
	 * exception that wraps it ("cannot read ...: permission denied") says what went
	 * wrong.
	 */
	private static boolean onlyAPath(Throwable cause) {
		return cause instanceof FileSystemException files && files.getReason() == null;
	}

	/**
	 * The innermost cause of a failure read back from the job repository: the last
	 * {@code Caused by:} of the stored trace, else the description's first line, which
	 * {@link FailureDescription} makes the innermost cause's message when the trace is
	 * too long to keep it. Spring Batch saves a failed execution once before its
	 * listeners run and once after, so a reader between the two sees the trace without
	 * that first line.
	 */
	static String innermostCause(String description) {
		if (description == null || description.isBlank()) {
			return null;
		}
		String innermost = null;
		for (String line : description.lines().toList()) {
			Matcher cause = CAUSED_BY.matcher(line);
			if (cause.matches() && !ONLY_A_PATH.matcher(line).matches()) {
				innermost = cause.group(1);
			}
		}
		return innermost != null ? innermost : description.lines().findFirst().orElse(null);
	}

	private static final Pattern CAUSED_BY = Pattern.compile("Caused by: [\\w.$]+: (.*)");

	/** What {@link #onlyAPath} is, as a stored trace prints it. */
	private static final Pattern ONLY_A_PATH = Pattern
		.compile("Caused by: java\\.nio\\.file\\.(AccessDenied|NoSuchFile|FileSystem)Exception: [^:]*");

	static String encode(PublishReport report) {
		StringBuilder out = new StringBuilder();
		if (report.retries() > 0) {
			out.append(RETRIES).append('\t').append(report.retries()).append('\n');
		}
		for (PublishReport.TableReport t : report.tables()) {
			out.append(t.table())
				.append('\t')
				.append(t.staged())
				.append('\t')
				.append(t.merged())
				.append('\t')
				.append(t.inserted())
				.append('\t')
				.append(t.updated())
				.append('\n');
		}
		return out.toString();
	}

	static PublishReport decode(String text) {
		List<PublishReport.TableReport> tables = new ArrayList<>();
		int retries = 0;
		for (String line : text.split("\n")) {
			if (line.startsWith(RETRIES + "\t")) {
				retries = Integer.parseInt(line.substring(RETRIES.length() + 1));
			}
			else if (!line.isBlank()) {
				String[] f = line.split("\t");
				tables.add(new PublishReport.TableReport(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]),
						Long.parseLong(f[3]), Long.parseLong(f[4])));
			}
		}
		return new PublishReport(List.copyOf(tables), retries);
	}

	private static final String RETRIES = "#retries";

}
