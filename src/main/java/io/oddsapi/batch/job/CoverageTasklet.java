package io.oddsapi.batch.job;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import io.oddsapi.batch.coverage.CoverageReport;
import io.oddsapi.batch.coverage.CoverageService;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * After a publication, the date's coverage as the new rows leave it: merged into its
 * table, the flagged games counted in an INFO line (the alert is the coverage command's
 * and the sweep's), and the flags kept with the execution for the publication signal. A
 * run that published nothing changes no coverage and skips it, as does every run with
 * {@code odds.coverage.after-runs=false}.
 */
public class CoverageTasklet implements Tasklet {

	static final String FLAGGED_KEY = "coverage.flagged";

	private final CoverageService coverage;

	private final LocalDate gameDate;

	private final boolean enabled;

	/** {@code enabled}: {@code odds.coverage.after-runs}. */
	public CoverageTasklet(CoverageService coverage, LocalDate gameDate, boolean enabled) {
		this.coverage = coverage;
		this.gameDate = gameDate;
		this.enabled = enabled;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		JobExecution jobExecution = chunkContext.getStepContext().getStepExecution().getJobExecution();
		if (!enabled || !jobExecution.getExecutionContext().containsKey(PublishTasklet.REPORT_KEY)) {
			return RepeatStatus.FINISHED;
		}
		CoverageReport report = coverage.record(gameDate, false);
		contribution.incrementWriteCount(report.games().size());
		jobExecution.getExecutionContext()
			.putString(FLAGGED_KEY, String.join(";",
					report.flagged().stream().map(game -> game.gameId() + ":" + game.flagReasons()).toList()));
		return RepeatStatus.FINISHED;
	}

	/** The flagged games a run's coverage step recorded: game id -> reasons. */
	public static Map<String, String> flagged(JobExecution execution) {
		String text = execution.getExecutionContext().getString(FLAGGED_KEY, "");
		Map<String, String> flagged = new LinkedHashMap<>();
		for (String entry : text.split(";")) {
			int colon = entry.lastIndexOf(':');
			if (colon > 0) {
				flagged.put(entry.substring(0, colon), entry.substring(colon + 1));
			}
		}
		return flagged;
	}

}
