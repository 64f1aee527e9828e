package io.oddsapi.batch.run;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.oddsapi.batch.job.RunParameters;

import org.springframework.batch.core.job.JobExecution;

/**
 * The runs this process is starting or restarting under a claim it holds, keyed by the run's identity (endpoint, date,
 * run number). The run's lock step finds its claim here on whichever thread the job runs, and the owner waits here for
 * the run's end, so any TaskExecutor behind JobOperator works. An execution started past the owner finds no claim:
 * the owner registers a run only while it launches that very run.
 */
final class ClaimedRuns {

	private final Map<RunParameters, Launch> launches = new ConcurrentHashMap<>();

	/** A run being launched under a claim, and its end. */
	record Launch(Claim claim, CompletableFuture<JobExecution> ended) {
	}

	/** Registers the run before it is started or restarted; {@link #forget} it once it ended. */
	Launch expect(RunParameters run, Claim claim) {
		Launch launch = new Launch(claim, new CompletableFuture<>());
		if (launches.putIfAbsent(run, launch) != null) {
			throw new IllegalStateException(run + " is being launched already");
		}
		return launch;
	}

	Optional<Claim> claimOf(RunParameters run) {
		return Optional.ofNullable(launches.get(run)).map(Launch::claim);
	}

	/** Called by the job as its last act: the owner waiting for this run goes on. */
	void ended(JobExecution execution) {
		Launch launch = launches.get(RunParameters.of(execution));
		if (launch != null) {
			launch.ended().complete(execution);
		}
	}

	void forget(RunParameters run) {
		launches.remove(run);
	}
}
