package io.oddsapi.batch.lock;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The locks this process holds, by key: how the job's lock step learns the token of the launch that took the lock
 * for it (a token cannot travel as a job parameter, since a restart reuses the failed execution's parameters).
 */
public class HeldLocks {

	/** {@code ownedByJob}: taken by the job itself (started outside the launcher), so released by it. */
	public record Held(String token, AutoCloseable renewal, boolean ownedByJob) {
	}

	private final Map<LockKey, Held> held = new ConcurrentHashMap<>();

	public void put(LockKey key, Held lock) {
		held.put(key, lock);
	}

	public Optional<Held> get(LockKey key) {
		return Optional.ofNullable(held.get(key));
	}

	public Optional<Held> remove(LockKey key) {
		return Optional.ofNullable(held.remove(key));
	}
}
