package io.oddsapi.batch.run;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.springframework.batch.core.BatchStatus;

/**
 * The relaunch rules of {@link DateRunOwner} as decisions on facts alone (no lock,
 * repository or clock), so that each rule has a unit test. The owner gathers the facts,
 * asks, and does what it is told.
 */
final class NextRun {

	/**
	 * Restarts within one launch of a run that failed on a lost connection or the like,
	 * after 0.5, 1, 2, 4 s.
	 */
	static final int TRANSIENT_RETRIES = 4;

	/**
	 * Restarts of a failed run that another launch coalesced into, before that launch is
	 * left pending.
	 */
	static final int WAITING_LAUNCH_RETRIES = 2;

	static final Duration FIRST_PAUSE = Duration.ofMillis(500);

	private NextRun() {
	}

	/** How a run of the date begins, from the status of its latest execution. */
	enum Launch {

		/**
		 * Its holder is gone (we hold the lock, yet it is still marked running): mark it
		 * FAILED, then restart it.
		 */
		RECOVER_AND_RESTART,
		/**
		 * It failed or was stopped: restart it, which publishes what its manifest held.
		 */
		RESTART,
		/**
		 * None yet, or the latest completed or was abandoned: start the next run, which
		 * lists what is new.
		 */
		START

	}

	/**
	 * @param latest the status of the date's latest execution, null when the date has
	 * none
	 */
	static Launch launch(BatchStatus latest) {
		if (latest == null) {
			return Launch.START;
		}
		if (latest.isRunning()) {
			return Launch.RECOVER_AND_RESTART;
		}
		return latest == BatchStatus.FAILED || latest == BatchStatus.STOPPED ? Launch.RESTART : Launch.START;
	}

	/** How one endpoint's attempt under the lock ended, after its retries. */
	enum Ended {

		/** Its list step found nothing new: the run was dropped. */
		NOTHING_NEW,
		/** A new run completed. */
		COMPLETED,
		/** A restarted run completed: it published its own manifest only. */
		RESTART_COMPLETED,
		/** The run failed or was stopped, and no retry is left for it. */
		FAILED

	}

	/** What the owner does after an endpoint's attempt. */
	enum After {

		/**
		 * Give up: release the lock after the failure and report it; a relaunch restarts
		 * the run.
		 */
		GIVE_UP,
		/**
		 * Run the same endpoint again: objects newer than the restarted run's manifest
		 * need a run of their own.
		 */
		SAME_ENDPOINT_AGAIN,
		/** Go on with the next endpoint that shares the lock. */
		NEXT_ENDPOINT,
		/**
		 * Nothing is left: release the lock (and go round the family again if run_again
		 * was set meanwhile).
		 */
		RELEASE

	}

	/**
	 * @param endpointsLeft whether endpoints other than this one still wait to run under
	 * the lock
	 */
	static After after(Ended ended, boolean endpointsLeft) {
		return switch (ended) {
			case FAILED -> After.GIVE_UP;
			case RESTART_COMPLETED -> After.SAME_ENDPOINT_AGAIN;
			case NOTHING_NEW, COMPLETED -> endpointsLeft ? After.NEXT_ENDPOINT : After.RELEASE;
		};
	}

	/** Why a failure under the lock is tried again. */
	enum RetryReason {

		/** A lost connection, a deadlock or the like: it says nothing about the data. */
		TRANSIENT,
		/** A run failed while a launch that coalesced into it waits for it. */
		WAITING_LAUNCH

	}

	record Retry(RetryReason reason, int attempt, Duration pause) {
	}

	/**
	 * What a failure under the lock is: one that happened while launching (no run ended)
	 * or a run that ended unsuccessfully.
	 *
	 * @param runStatus the run's status, null when launching itself failed
	 */
	record Failure(boolean transientFailure, BatchStatus runStatus) {

		static Failure launching(boolean transientFailure) {
			return new Failure(transientFailure, null);
		}

		static Failure run(boolean transientFailure, BatchStatus status) {
			return new Failure(transientFailure, status);
		}
	}

	/**
	 * The retries left to one launch under the lock, counted across all its runs: a
	 * transient failure is tried again up to {@link #TRANSIENT_RETRIES} times, a failed
	 * run that a waiting launch coalesced into up to {@link #WAITING_LAUNCH_RETRIES}
	 * times (a run stopped on purpose stays stopped), each after a pause that doubles
	 * from {@link #FIRST_PAUSE}. Nothing is tried again once shutdown was requested.
	 */
	static final class Retries {

		private int transientRetries;

		private int waitingLaunchRetries;

		/**
		 * @param launchWaiting asked only for a failed run: whether a launch coalesced
		 * into it and waits
		 */
		Optional<Retry> next(Failure failure, boolean shutdownRequested, BooleanSupplier launchWaiting) {
			if (shutdownRequested) {
				return Optional.empty();
			}
			if (failure.transientFailure() && transientRetries < TRANSIENT_RETRIES) {
				transientRetries++;
				return Optional.of(new Retry(RetryReason.TRANSIENT, transientRetries, pause(transientRetries)));
			}
			if (failure.runStatus() == BatchStatus.FAILED && waitingLaunchRetries < WAITING_LAUNCH_RETRIES
					&& launchWaiting.getAsBoolean()) {
				waitingLaunchRetries++;
				return Optional
					.of(new Retry(RetryReason.WAITING_LAUNCH, waitingLaunchRetries, pause(waitingLaunchRetries)));
			}
			return Optional.empty();
		}

		private static Duration pause(int attempt) {
			return FIRST_PAUSE.multipliedBy(1L << (attempt - 1));
		}

	}

}
