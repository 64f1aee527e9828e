package io.oddsapi.batch.lock;

import java.time.Instant;

/**
 * A lock as stored. {@code token} identifies the launch that holds it;
 * {@code executionId} is its job execution, once the job's lock step has attached it
 * (null before).
 */
public record LockState(String id, String token, Long executionId, String host, Instant acquiredAt,
		Instant leaseExpiresAt, boolean runAgain, String trigger) {

	public boolean expiredAt(Instant now) {
		return !leaseExpiresAt.isAfter(now);
	}

	/** "execution 12 on host-a", or the launch when no execution is attached yet. */
	public String describeHolder() {
		return (executionId == null ? "a launch starting" : "execution " + executionId) + " on " + host;
	}
}
