package io.oddsapi.batch.run;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.oddsapi.batch.job.RunParameters;

import org.springframework.batch.core.job.JobExecution;

/**
 * The runs this process is starting or restarting under a claim it holds, keyed by the
 * run's identity (endpoint, date, run number), and the executions that attached to them.
 * The run's lock step finds its claim here on whichever thread the job runs, and the
 * owner waits here for the run's end, so any TaskExecutor behind JobOperator works. An
 * execution started past the owner finds no claim: the owner registers a run only while
 * it launches that very run.
 */
final class ClaimedRuns {

	private final Map<RunParameters, Launch> launching = new ConcurrentHashMap<>();

	private final Map<Long, Launch> attached = new ConcurrentHashMap<>();

	/** A run being launched under a claim, and its end. */
	static final class Launch {

		private final Claim claim;

		private final CompletableFuture<JobExecution> ended = new CompletableFuture<>();

		private volatile boolean hasExecution;

		private Launch(Claim claim) {
			this.claim = claim;
		}

		CompletableFuture<JobExecution> ended() {
			return ended;
		}

	}

	/**
	 * Registers the run before it is started or restarted; {@link #forget} it once it
	 * ended. A later launch of the same run in this process (a takeover of a holder whose
	 * lease ran out) takes its place for executions still to attach.
	 */
	Launch expect(RunParameters run, Claim claim) {
		Launch launch = new Launch(claim);
		launching.put(run, launch);
		return launch;
	}

	/** The claim under which the run is being launched, now held by this execution. */
	Optional<Claim> attach(RunParameters run, long executionId) {
		Launch launch = launching.get(run);
		if (launch == null) {
			return Optional.empty();
		}
		launch.hasExecution = true;
		attached.put(executionId, launch);
		return Optional.of(launch.claim);
	}

	/**
	 * Called by the job as its last act: the owner waiting for this execution goes on.
	 */
	void ended(JobExecution execution) {
		Launch launch = attached.remove(execution.getId());
		if (launch == null) { // it failed before its lock step
			launch = launching.get(RunParameters.of(execution));
			if (launch == null || launch.hasExecution) {
				return;
			}
		}
		launch.ended.complete(execution);
	}

	void forget(RunParameters run, Launch launch) {
		launching.remove(run, launch);
	}

}
