package io.oddsapi.batch.job;

import java.time.LocalDate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.oddsapi.batch.source.OddsEndpoint;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Lists the date once and freezes what is new as the run's manifest, in the job execution context; a restart skips
 * this step and reads the same list.
 */
public class ListObjectsTasklet implements Tasklet {

	private static final Logger log = LoggerFactory.getLogger(ListObjectsTasklet.class);

	static final String MANIFEST_KEY = "manifest";

	private final ManifestBuilder manifests;

	private final OddsEndpoint endpoint;

	private final LocalDate gameDate;

	private final FaultInjector faults;

	public ListObjectsTasklet(ManifestBuilder manifests, OddsEndpoint endpoint, LocalDate gameDate,
			FaultInjector faults) {
		this.faults = faults;
		this.manifests = manifests;
		this.endpoint = endpoint;
		this.gameDate = gameDate;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		Manifest manifest = manifests.build(endpoint, gameDate,
				listed -> faults.at("listing", endpoint.folder() + "#" + listed));
		faults.at("list", endpoint.folder());
		chunkContext.getStepContext()
			.getStepExecution()
			.getJobExecution()
			.getExecutionContext()
			.putString(MANIFEST_KEY, manifest.encode());
		log.info("{} {}: {} objects to read ({} already published, {} other names ignored)", endpoint, gameDate,
				manifest.objects().size(), manifest.alreadyPublished(), manifest.ignored());
		return RepeatStatus.FINISHED;
	}
}
