package io.oddsapi.batch.job;

import java.util.List;

import io.oddsapi.batch.signal.Publication;
import io.oddsapi.batch.signal.PublicationSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * After a run that published has completed (its MERGEs and coverage committed), signals
 * it: endpoint, date, execution, rows per table and the date's flagged games. A signal
 * that cannot be sent is logged: the rows are published and stay so, and the next
 * publication of the date signals again.
 */
public class PublicationSignalListener implements JobExecutionListener {

	private static final Logger log = LoggerFactory.getLogger(PublicationSignalListener.class);

	private final PublicationSignal signal;

	public PublicationSignalListener(PublicationSignal signal) {
		this.signal = signal;
	}

	@Override
	public void afterJob(JobExecution execution) {
		String report = execution.getExecutionContext().getString(PublishTasklet.REPORT_KEY, "");
		if (execution.getStatus() != BatchStatus.COMPLETED || report.isEmpty()) {
			return;
		}
		RunParameters run = RunParameters.of(execution);
		List<Publication.TableRows> tables = RunSummary.decode(report)
			.tables()
			.stream()
			.map(t -> new Publication.TableRows(t.table(), t.inserted(), t.updated()))
			.toList();
		Publication publication = new Publication(run.endpoint().folder(), run.gameDate().toString(), execution.getId(),
				run.run(), tables, CoverageTasklet.flagged(execution));
		try {
			signal.published(publication);
		}
		catch (RuntimeException ex) {
			log.warn("{} {} run {}: published, but its signal was not sent: {}", publication.endpoint(),
					publication.gameDate(), publication.run(), ex.getMessage());
		}
	}

}
