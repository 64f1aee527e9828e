package io.oddsapi.batch.job;

import java.time.Clock;
import java.time.LocalDate;

import io.oddsapi.batch.warehouse.PublishReport;
import io.oddsapi.batch.warehouse.WarehouseWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Publishes the run's staging with one MERGE per target table, in the step's transaction,
 * so that the MERGEs, the staging clean-up and the step's completion commit together.
 * Refuses first when too many files were rejected.
 */
public class PublishTasklet implements Tasklet {

	private static final Logger log = LoggerFactory.getLogger(PublishTasklet.class);

	static final String REPORT_KEY = "publish.report";

	private final WarehouseWriter warehouse;

	private final JobRepository jobRepository;

	private final LocalDate gameDate;

	private final double maxRejectedRatio;

	private final int maxRejectedRatioMinFiles;

	private final Clock clock;

	public PublishTasklet(WarehouseWriter warehouse, JobRepository jobRepository, LocalDate gameDate,
			double maxRejectedRatio, int maxRejectedRatioMinFiles, Clock clock) {
		this.warehouse = warehouse;
		this.jobRepository = jobRepository;
		this.gameDate = gameDate;
		this.maxRejectedRatio = maxRejectedRatio;
		this.maxRejectedRatioMinFiles = maxRejectedRatioMinFiles;
		this.clock = clock;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		JobExecution jobExecution = chunkContext.getStepContext().getStepExecution().getJobExecution();
		StepExecution stage = jobRepository.getLastStepExecution(jobExecution.getJobInstance(),
				OddsJobConfiguration.STAGE_STEP);
		RunCounts counts = RunCounts.from(stage.getExecutionContext());
		int objects = Manifest.decode(jobExecution.getExecutionContext().getString(ListObjectsTasklet.MANIFEST_KEY))
			.objects()
			.size();
		if (objects == 0) {
			// nothing new: the owner of the date's run drops the run
			return RepeatStatus.FINISHED;
		}
		int rejected = counts.rejections().size();
		// a broken API shows in a large run; in a small incremental one, one bad file
		// must not hold back the rest
		if (rejected > 0 && objects >= maxRejectedRatioMinFiles && rejected > maxRejectedRatio * objects) {
			throw new RejectedRatioExceededException(rejected, objects, maxRejectedRatio, counts.rejections());
		}
		PublishReport report = warehouse.publish(jobExecution.getJobInstanceId(), gameDate, clock.instant(),
				table -> log.debug("run {}: merged into {}", jobExecution.getJobInstanceId(), table));
		jobExecution.getExecutionContext().putString(REPORT_KEY, RunSummary.encode(report));
		contribution.incrementWriteCount(report.tables().stream().mapToLong(PublishReport.TableReport::merged).sum());
		log.info("published run {}: {} MERGE statements", jobExecution.getJobInstanceId(), report.mergeStatements());
		return RepeatStatus.FINISHED;
	}

}
