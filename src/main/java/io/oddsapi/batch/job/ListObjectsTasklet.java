package io.oddsapi.batch.job;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.oddsapi.batch.source.BlobObject;
import io.oddsapi.batch.source.BlobSource;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.source.OddsObjectName;
import io.oddsapi.batch.warehouse.Warehouse;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Lists the date's objects once and freezes them as the run's manifest in the job execution context; names that are
 * not scrapes ({@code .tmp}, other files, deeper folders) are counted and left out. Also makes sure the warehouse
 * tables exist.
 */
public class ListObjectsTasklet implements Tasklet {

	private static final Logger log = LoggerFactory.getLogger(ListObjectsTasklet.class);

	static final String MANIFEST_KEY = "manifest";

	private final BlobSource source;

	private final Warehouse warehouse;

	private final OddsEndpoint endpoint;

	private final LocalDate gameDate;

	public ListObjectsTasklet(BlobSource source, Warehouse warehouse, OddsEndpoint endpoint, LocalDate gameDate) {
		this.source = source;
		this.warehouse = warehouse;
		this.endpoint = endpoint;
		this.gameDate = gameDate;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		warehouse.prepare();
		String prefix = OddsObjectName.datePrefix(endpoint, gameDate);
		List<BlobObject> accepted = new ArrayList<>();
		int ignored = 0;
		for (BlobObject object : source.list(prefix)) {
			boolean scrape = OddsObjectName.parse(object.name())
				.filter(n -> n.endpoint() == endpoint && n.gameDate().equals(gameDate))
				.isPresent();
			if (scrape) {
				accepted.add(object);
			}
			else {
				ignored++;
			}
		}
		Manifest manifest = new Manifest(List.copyOf(accepted), ignored);
		chunkContext.getStepContext()
			.getStepExecution()
			.getJobExecution()
			.getExecutionContext()
			.putString(MANIFEST_KEY, manifest.encode());
		log.info("{} {}: {} objects to read, {} other names ignored under {}", endpoint, gameDate, accepted.size(),
				ignored, prefix);
		return RepeatStatus.FINISHED;
	}
}
