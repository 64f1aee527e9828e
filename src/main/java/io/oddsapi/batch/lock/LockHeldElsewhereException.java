package io.oddsapi.batch.lock;

/** A job started outside the launcher found its date locked by a live holder. */
public class LockHeldElsewhereException extends RuntimeException {

	public LockHeldElsewhereException(LockKey key, LockState holder) {
		super(key + " is held by " + holder.describeHolder() + "; run_again is set on it, so it will run again for this");
	}
}
