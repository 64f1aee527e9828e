package io.oddsapi.batch.launch;

import java.time.LocalDate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.oddsapi.batch.job.RunSummary;
import io.oddsapi.batch.source.OddsEndpoint;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Launches the job for an endpoint and date by the relaunch rules: the latest run FAILED or STOPPED is restarted,
 * otherwise the next run starts. Used by every launch surface.
 */
@Component
public class OddsJobLauncher {

	private static final Logger log = LoggerFactory.getLogger(OddsJobLauncher.class);

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job job;

	private final RunSequence runs;

	public OddsJobLauncher(JobOperator jobOperator, JobRepository jobRepository, Job oddsBatchJob) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.job = oddsBatchJob;
		this.runs = new RunSequence(jobRepository);
	}

	public RunSummary launch(OddsEndpoint endpoint, LocalDate gameDate) throws Exception {
		long latest = runs.latest(endpoint, gameDate);
		JobExecution execution;
		if (latest > 0 && restartable(runs.instance(endpoint, gameDate, latest))) {
			JobExecution last = jobRepository.getLastJobExecution(runs.instance(endpoint, gameDate, latest));
			log.info("{} {}: restarting run {} (execution {} ended {})", endpoint, gameDate, latest, last.getId(),
					last.getStatus());
			execution = jobOperator.restart(last);
		}
		else {
			execution = jobOperator.start(job, RunSequence.parameters(endpoint, gameDate, latest + 1));
		}
		return RunSummary.of(execution, jobRepository);
	}

	private boolean restartable(JobInstance instance) {
		JobExecution last = jobRepository.getLastJobExecution(instance);
		return last != null && (last.getStatus() == BatchStatus.FAILED || last.getStatus() == BatchStatus.STOPPED);
	}
}
