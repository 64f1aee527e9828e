package io.oddsapi.batch.run;

import java.time.LocalDate;

import io.oddsapi.batch.job.OddsJobConfiguration;
import io.oddsapi.batch.job.RunParameters;
import io.oddsapi.batch.source.OddsEndpoint;

import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Runs of one endpoint and date are numbered 1, 2, 3...: the identifying parameter
 * {@code run} (no JobParametersIncrementer, which would make Spring Batch ignore the
 * given parameters). Numbers are used without gaps, so the latest is found with O(log n)
 * look-ups by job key.
 */
public final class RunNumbers {

	private final JobRepository repository;

	public RunNumbers(JobRepository repository) {
		this.repository = repository;
	}

	public static JobParameters parameters(OddsEndpoint endpoint, LocalDate gameDate, long run) {
		return new RunParameters(endpoint, gameDate, run).toJobParameters();
	}

	/** The highest run number that exists, or 0 when the date has never run. */
	public long latest(OddsEndpoint endpoint, LocalDate gameDate) {
		if (!exists(endpoint, gameDate, 1)) {
			return 0;
		}
		long low = 1;
		long high = 2;
		while (exists(endpoint, gameDate, high)) {
			low = high;
			high *= 2;
		}
		while (high - low > 1) { // invariant: low exists, high does not
			long middle = low + (high - low) / 2;
			if (exists(endpoint, gameDate, middle)) {
				low = middle;
			}
			else {
				high = middle;
			}
		}
		return low;
	}

	public JobInstance instance(OddsEndpoint endpoint, LocalDate gameDate, long run) {
		return repository.getJobInstance(OddsJobConfiguration.JOB_NAME, parameters(endpoint, gameDate, run));
	}

	private boolean exists(OddsEndpoint endpoint, LocalDate gameDate, long run) {
		return instance(endpoint, gameDate, run) != null;
	}

}
