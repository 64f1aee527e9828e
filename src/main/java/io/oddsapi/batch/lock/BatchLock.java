package io.oddsapi.batch.lock;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A lease-based lock per {@link LockKey}, the guard that keeps launches of one date from
 * doing the same work at once. It is only a guard: the job stays exact when a lease is
 * lost (MERGE and ledger are idempotent), so implementations favour never blocking over
 * never overlapping.
 * <p>
 * Every operation commits on its own, whatever transaction the caller is in.
 */
public interface BatchLock {

	/**
	 * Takes the lock when it is free or its lease has expired (atomically: of two takers
	 * only one wins); otherwise sets run_again on it and reports the holder. Never waits.
	 */
	default Acquisition acquire(LockKey key, String token, String host, String trigger, Duration lease) {
		return acquire(key, token, host, trigger, lease, holder -> false);
	}

	/**
	 * As {@link #acquire(LockKey, String, String, String, Duration)}, and also takes over
	 * a live lease whose holder {@code presumedDead} says is gone (a retried Cloud Run
	 * task knows its previous attempt ended).
	 */
	Acquisition acquire(LockKey key, String token, String host, String trigger, Duration lease,
			Predicate<LockState> presumedDead);

	/**
	 * Records the holder's job execution; false when {@code token} no longer holds the
	 * lock.
	 */
	boolean attach(LockKey key, String token, long executionId);

	/** Extends the lease from now; false when {@code token} no longer holds the lock. */
	boolean renew(LockKey key, String token, Duration lease);

	/**
	 * Deletes the lock unless run_again was set meanwhile: then clears the flag, keeps
	 * the lock and answers {@link Release#RUN_AGAIN}, so that a launch that coalesced
	 * into a finishing run is never lost.
	 */
	Release release(LockKey key, String token);

	/**
	 * Ends the hold of {@code token} after a failed run. The lock is deleted, unless a
	 * launch coalesced into the run (run_again): then it stays with run_again set and its
	 * lease ended, so that the launch is not lost. The next launch of the date takes it
	 * over at once and runs for it, and whatever looks for pending launches finds it.
	 * Answers whether a launch was kept pending.
	 */
	boolean releaseAfterFailure(LockKey key, String token);

	Optional<LockState> read(LockKey key);

	/**
	 * Every lock stored now, by id: live leases and expired ones that nobody has taken
	 * over or released yet.
	 */
	List<LockState> held();

	enum Release {

		RELEASED, RUN_AGAIN, LOST

	}

}
