package io.oddsapi.batch.job;

import java.time.LocalDate;

import io.oddsapi.batch.source.OddsEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The one place that lists a date: freezes what is new as the run's manifest, in the job
 * execution context; a restart skips this step and reads the same list. A manifest with
 * no object makes the run a no-op, which the owner of the date's run drops.
 */
public class ListObjectsTasklet implements Tasklet {

	private static final Logger log = LoggerFactory.getLogger(ListObjectsTasklet.class);

	static final String MANIFEST_KEY = "manifest";

	private final ManifestBuilder manifests;

	private final OddsEndpoint endpoint;

	private final LocalDate gameDate;

	private final RunningExecutions running;

	public ListObjectsTasklet(ManifestBuilder manifests, OddsEndpoint endpoint, LocalDate gameDate,
			RunningExecutions running) {
		this.running = running;
		this.manifests = manifests;
		this.endpoint = endpoint;
		this.gameDate = gameDate;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		Manifest manifest = manifests.build(endpoint, gameDate);
		JobExecution execution = chunkContext.getStepContext().getStepExecution().getJobExecution();
		execution.getExecutionContext().putString(MANIFEST_KEY, manifest.encode());
		// kept in the step's own context too, saved before the step is COMPLETED
		// (RunManifest)
		chunkContext.getStepContext()
			.getStepExecution()
			.getExecutionContext()
			.putString(MANIFEST_KEY, manifest.encode());
		if (!manifest.objects().isEmpty()) {
			running.hasWork(execution);
		}
		// a run with nothing to read is dropped, and its launch says "nothing new": only
		// a run with work says more
		log.atLevel(manifest.objects().isEmpty() ? Level.DEBUG : Level.INFO)
			.log("{} {}: {} objects to read ({} already published, {} other names ignored)", endpoint, gameDate,
					manifest.objects().size(), manifest.alreadyPublished(), manifest.ignored());
		return RepeatStatus.FINISHED;
	}

}
