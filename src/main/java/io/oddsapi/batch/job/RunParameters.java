package io.oddsapi.batch.job;

import java.time.LocalDate;

import io.oddsapi.batch.source.OddsEndpoint;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * What identifies a run: its endpoint, game date and run number, read from and written to
 * job parameters here only.
 */
public record RunParameters(OddsEndpoint endpoint, LocalDate gameDate, long run) {

	public static RunParameters of(JobExecution execution) {
		return of(execution.getJobParameters());
	}

	public static RunParameters of(JobParameters parameters) {
		String folder = parameters.getString(OddsJobConfiguration.ENDPOINT);
		Long run = parameters.getLong(OddsJobConfiguration.RUN);
		return new RunParameters(endpoint(folder), parameters.getLocalDate(OddsJobConfiguration.GAME_DATE),
				run == null ? 0 : run);
	}

	static OddsEndpoint endpoint(String folder) {
		return OddsEndpoint.fromFolder(folder)
			.orElseThrow(() -> new IllegalArgumentException(
					"unknown endpoint '" + folder + "' (known: " + OddsEndpoint.knownFolders() + ")"));
	}

	public JobParameters toJobParameters() {
		return new JobParametersBuilder().addString(OddsJobConfiguration.ENDPOINT, endpoint.folder())
			.addLocalDate(OddsJobConfiguration.GAME_DATE, gameDate)
			.addLong(OddsJobConfiguration.RUN, run)
			.toJobParameters();
	}
}
