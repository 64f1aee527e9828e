package io.oddsapi.batch.lock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import com.google.api.core.ApiFuture;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreException;
import com.google.cloud.firestore.Transaction;
import com.google.cloud.firestore.TransactionOptions;

/**
 * The lock as a Firestore document
 * ({@code batch_processing_locks/oddsapi_game-lines_batch_2026-01-14}). Every operation
 * reads the document and writes it in one transaction (Firestore's
 * {@code runTransaction}): acquire creates it, takes over an expired lease or sets
 * {@code run_again}; renew, attach and release change it only while the caller holds it.
 * <p>
 * A lease is judged by one clock, Firestore's: acquire and renew write {@code renewed_at}
 * as the server's timestamp and the lease's length, and a lease has expired when the
 * server's time of a read is {@code renewed_at + lease} or later. No application's clock
 * takes part, so a holder or a taker whose clock is off cannot end a live lease or keep a
 * dead one. {@code expireAt} serves only a Firestore TTL policy that deletes abandoned
 * locks: it is written from the holder's clock a day past the lease, and the lock never
 * reads it.
 */
public class FirestoreBatchLock implements BatchLock {

	static final String HOLDER = "holder";

	static final String EXECUTION_ID = "holder_execution_id";

	static final String HOST = "holder_host";

	static final String STARTED_AT = "started_at";

	static final String RENEWED_AT = "renewed_at";

	static final String LEASE_MILLIS = "lease_millis";

	static final String EXPIRE_AT = "expireAt";

	/**
	 * How long past its lease a lock's document may be deleted by the TTL policy: far
	 * beyond any clock's error.
	 */
	static final Duration TTL_MARGIN = Duration.ofDays(1);

	static final String RUN_AGAIN = "run_again";

	static final String TRIGGER = "trigger";

	/**
	 * Attempts of one transaction aborted by contention: every taker of a contended date
	 * gets its answer.
	 */
	static final int TRANSACTION_ATTEMPTS = 10;

	private final Firestore firestore;

	private final String collection;

	private final Clock clock;

	public FirestoreBatchLock(Firestore firestore, String collection, Clock clock) {
		this.firestore = firestore;
		this.collection = collection;
		this.clock = clock;
	}

	private DocumentReference document(LockKey key) {
		return firestore.collection(collection).document(key.id());
	}

	@Override
	public Acquisition acquire(LockKey key, String token, String host, String trigger, Duration lease,
			Predicate<LockState> presumedDead) {
		DocumentReference document = document(key);
		Map<String, Object> fields = new HashMap<>(leaseFields(lease));
		fields.put(HOLDER, token);
		fields.put(EXECUTION_ID, null);
		fields.put(HOST, host);
		fields.put(STARTED_AT, FieldValue.serverTimestamp());
		fields.put(RUN_AGAIN, false);
		fields.put(TRIGGER, trigger);
		return inTransaction(transaction -> {
			DocumentSnapshot current = transaction.get(document).get();
			Instant serverNow = instant(current.getReadTime());
			// the server stamps the write at commit, a moment after this read
			LockState taken = new LockState(key.id(), token, null, host, serverNow, serverNow.plus(lease), false,
					trigger);
			if (!current.exists()) {
				transaction.create(document, fields);
				return new Acquisition.Acquired(taken, null);
			}
			LockState state = state(current);
			if (state.expiredAt(serverNow) || presumedDead.test(state)) {
				transaction.set(document, fields);
				return new Acquisition.Acquired(taken, state);
			}
			transaction.update(document, RUN_AGAIN, true);
			return new Acquisition.Coalesced(state);
		});
	}

	@Override
	public boolean attach(LockKey key, String token, long executionId) {
		return updateIfHeld(key, token, Map.of(EXECUTION_ID, executionId));
	}

	@Override
	public boolean renew(LockKey key, String token, Duration lease) {
		return updateIfHeld(key, token, leaseFields(lease));
	}

	/**
	 * A lease starting now by the server's clock; the TTL field, which nothing here
	 * reads, from ours.
	 */
	private Map<String, Object> leaseFields(Duration lease) {
		return Map.of(RENEWED_AT, FieldValue.serverTimestamp(), LEASE_MILLIS, lease.toMillis(), EXPIRE_AT,
				timestamp(clock.instant().plus(lease).plus(TTL_MARGIN)));
	}

	/** Updates the document if {@code token} holds it. */
	private boolean updateIfHeld(LockKey key, String token, Map<String, Object> fields) {
		DocumentReference document = document(key);
		return inTransaction(transaction -> {
			if (!heldBy(transaction.get(document).get(), token)) {
				return false;
			}
			transaction.update(document, fields);
			return true;
		});
	}

	@Override
	public Release release(LockKey key, String token) {
		DocumentReference document = document(key);
		return inTransaction(transaction -> {
			DocumentSnapshot current = transaction.get(document).get();
			if (!heldBy(current, token)) {
				return Release.LOST;
			}
			if (Boolean.TRUE.equals(current.getBoolean(RUN_AGAIN))) {
				transaction.update(document, RUN_AGAIN, false);
				return Release.RUN_AGAIN;
			}
			transaction.delete(document);
			return Release.RELEASED;
		});
	}

	@Override
	public boolean releaseAfterFailure(LockKey key, String token) {
		DocumentReference document = document(key);
		return inTransaction(transaction -> {
			DocumentSnapshot current = transaction.get(document).get();
			if (!heldBy(current, token)) {
				return false;
			}
			if (Boolean.TRUE.equals(current.getBoolean(RUN_AGAIN))) {
				// a lease of no length: ended by Firestore's clock, run_again kept
				transaction.update(document, LEASE_MILLIS, 0L);
				return true;
			}
			transaction.delete(document);
			return false;
		});
	}

	private static boolean heldBy(DocumentSnapshot current, String token) {
		return current.exists() && token.equals(current.getString(HOLDER));
	}

	/**
	 * Reads and writes the document in one transaction: Firestore locks what the
	 * transaction read until it commits, and runs the function again (with backoff) when
	 * a contending transaction aborts it.
	 */
	private <T> T inTransaction(Transaction.Function<T> function) {
		return await(firestore.runTransaction(function,
				TransactionOptions.createReadWriteOptionsBuilder().setNumberOfAttempts(TRANSACTION_ATTEMPTS).build()));
	}

	@Override
	public Optional<LockState> read(LockKey key) {
		DocumentSnapshot current = await(document(key).get());
		return current.exists() ? Optional.of(state(current)) : Optional.empty();
	}

	@Override
	public List<LockState> held() {
		return await(firestore.collection(collection).orderBy(FieldPath.documentId()).get()).getDocuments()
			.stream()
			.map(FirestoreBatchLock::state)
			.toList();
	}

	/** The lease ends {@code lease_millis} after the server's {@code renewed_at}. */
	private static LockState state(DocumentSnapshot document) {
		Long executionId = document.getLong(EXECUTION_ID);
		Instant renewedAt = instant(document.getTimestamp(RENEWED_AT));
		Long leaseMillis = document.getLong(LEASE_MILLIS);
		// a lock written before leases were stamped by the server ends at its expireAt,
		// as it did then
		Instant leaseEnds = renewedAt == null || leaseMillis == null ? instant(document.getTimestamp(EXPIRE_AT))
				: renewedAt.plusMillis(leaseMillis);
		return new LockState(document.getId(), document.getString(HOLDER), executionId, document.getString(HOST),
				instant(document.getTimestamp(STARTED_AT)), leaseEnds,
				Boolean.TRUE.equals(document.getBoolean(RUN_AGAIN)), document.getString(TRIGGER));
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.ofTimeSecondsAndNanos(instant.getEpochSecond(), instant.getNano());
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
	}

	/**
	 * Waits for a Firestore call; gives back the client's own exception (ABORTED,
	 * UNAVAILABLE...) unwrapped.
	 */
	private static <T> T await(ApiFuture<T> future) {
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted waiting for Firestore", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof FirestoreException firestoreException
					&& firestoreException.getCause() instanceof ApiException api) {
				throw api;
			}
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(cause);
		}
	}

}
