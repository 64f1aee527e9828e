package io.oddsapi.batch.run;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import io.oddsapi.batch.job.RunParameters;
import io.oddsapi.batch.job.RunSummary;
import io.oddsapi.batch.lock.LockProperties;
import io.oddsapi.batch.source.OddsEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Starts, restarts or recovers one run of a date under a held claim, with its lease
 * renewed meanwhile, and hands back the ended run. The claim is registered in
 * {@link ClaimedRuns} for the run's lock step while it is launched.
 */
final class RunStarter {

	private static final Logger log = LoggerFactory.getLogger(DateRunOwner.class);

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job job;

	private final RunNumbers runs;

	private final LeaseRenewer renewer;

	private final ClaimedRuns claimed;

	private final LockProperties lockProperties;

	private final RunMetrics metrics;

	RunStarter(JobOperator jobOperator, JobRepository jobRepository, Job job, LeaseRenewer renewer, ClaimedRuns claimed,
			LockProperties lockProperties, RunMetrics metrics) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.job = job;
		this.runs = new RunNumbers(jobRepository);
		this.renewer = renewer;
		this.claimed = claimed;
		this.lockProperties = lockProperties;
		this.metrics = metrics;
	}

	/**
	 * A run of the endpoint under the claim, as {@link NextRun#launch} says; empty when
	 * it found nothing new.
	 */
	Optional<EndedRun> runOnce(Claim claim, OddsEndpoint endpoint, Map<String, String> notes) {
		LocalDate gameDate = claim.gameDate();
		long latest = runs.latest(endpoint, gameDate);
		JobExecution last = latest == 0 ? null
				: jobRepository.getLastJobExecution(runs.instance(endpoint, gameDate, latest));
		try (LeaseRenewer.Renewal renewal = renewer.renew(claim.key(), claim.token(), lockProperties.lease())) {
			NextRun.Launch launch = NextRun.launch(last == null ? null : last.getStatus());
			if (launch == NextRun.Launch.START) {
				return start(claim, new RunParameters(endpoint, gameDate, latest + 1), notes);
			}
			if (launch == NextRun.Launch.RECOVER_AND_RESTART) {
				// we hold the lock, so the holder of this execution is dead (or lost its
				// lease and is no longer its owner)
				log.info("{} {}: recovered execution {}, left {} by a holder that is gone", endpoint, gameDate,
						last.getId(), last.getStatus());
				last = jobOperator.recover(last);
			}
			log.info("{} {}: restarting run {} (execution {} ended {})", endpoint, gameDate, latest, last.getId(),
					last.getStatus());
			JobExecution failed = last;
			JobExecution restarted = underClaim(claim, RunParameters.of(failed), () -> jobOperator.restart(failed));
			return Optional.of(new EndedRun(summarised(restarted), true));
		}
	}

	private Optional<EndedRun> start(Claim claim, RunParameters run, Map<String, String> notes) {
		JobParametersBuilder parameters = new JobParametersBuilder(run.toJobParameters());
		notes.forEach((name, value) -> parameters.addString(name, value, false));
		JobExecution started = underClaim(claim, run, () -> jobOperator.start(job, parameters.toJobParameters()));
		RunSummary summary = RunSummary.of(started, jobRepository);
		if (summary.completed() && summary.objects() == 0) {
			// its list step found nothing new: the run is dropped, so that run numbers
			// stay those of real runs
			jobRepository.deleteJobInstance(started.getJobInstance());
			return Optional.empty();
		}
		metrics.runEnded(started, summary);
		return Optional.of(new EndedRun(summary, false));
	}

	/**
	 * Starts or restarts the run with its claim registered for its lock step, and returns
	 * the execution once it ended: at once behind a synchronous TaskExecutor, on the
	 * job's end behind an asynchronous one.
	 */
	private JobExecution underClaim(Claim claim, RunParameters run, LaunchCall launch) {
		ClaimedRuns.Launch registered = claimed.expect(run, claim);
		try {
			JobExecution execution = launch.call();
			// no thread took it
			boolean rejected = execution.getStartTime() == null && !execution.isRunning();
			return rejected ? execution : registered.ended().join();
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(
					run.endpoint() + " " + run.gameDate() + ": cannot launch: " + ex.getMessage(), ex);
		}
		finally {
			claimed.forget(run, registered);
		}
	}

	@FunctionalInterface
	private interface LaunchCall {

		JobExecution call() throws Exception;

	}

	private RunSummary summarised(JobExecution execution) {
		RunSummary summary = RunSummary.of(execution, jobRepository);
		metrics.runEnded(execution, summary);
		return summary;
	}

}
