package io.oddsapi.batch.lock;

/** What an attempt to take a lock found. */
public sealed interface Acquisition {

	/**
	 * The lock is ours; {@code tookOverFrom} is the expired holder it was taken from, or
	 * null when it was free.
	 */
	record Acquired(LockState lock, LockState tookOverFrom) implements Acquisition {
	}

	/**
	 * Someone holds a live lease; run_again is now set on it, so the holder will run
	 * again for us.
	 */
	record Coalesced(LockState holder) implements Acquisition {
	}

}
