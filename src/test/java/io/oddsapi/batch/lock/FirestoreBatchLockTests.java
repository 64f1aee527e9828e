package io.oddsapi.batch.lock;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import io.oddsapi.batch.support.Emulators;
import io.oddsapi.batch.support.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lock contract on the real Firestore emulator: one collection per test. Firestore
 * judges leases by its own clock, which a test cannot move: time passes for a lease by
 * moving its {@code renewed_at} back, as if the server had stamped it that much earlier.
 * The application's clock ({@code clock}, ten months off the emulator's) takes no part.
 */
class FirestoreBatchLockTests extends BatchLockContractTests {

	private Firestore firestore;

	private FirestoreBatchLock lock;

	private String collection;

	private Instant testStarted;

	@BeforeEach
	void connect() throws Exception {
		firestore = FirestoreOptions.newBuilder()
			.setProjectId("oddsapi-test")
			.setEmulatorHost(Emulators.firestore())
			.build()
			.getService();
		collection = "locks_" + UUID.randomUUID().toString().replace("-", "");
		lock = new FirestoreBatchLock(firestore, collection, clock);
		testStarted = serverNow();
	}

	@AfterEach
	void close() throws Exception {
		firestore.close();
	}

	@Override
	protected BatchLock lock() {
		return lock;
	}

	@Override
	protected void timePasses(Duration duration) {
		try {
			for (var document : firestore.collection(collection).get().get().getDocuments()) {
				Timestamp renewed = document.getTimestamp(FirestoreBatchLock.RENEWED_AT);
				Instant earlier = Instant.ofEpochSecond(renewed.getSeconds(), renewed.getNanos()).minus(duration);
				document.getReference()
					.update(Map.of(FirestoreBatchLock.RENEWED_AT,
							Timestamp.ofTimeSecondsAndNanos(earlier.getEpochSecond(), earlier.getNano())))
					.get();
			}
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	protected void assertIsNow(Instant instant) {
		try {
			assertThat(instant).isBetween(testStarted, serverNow());
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The emulator's time, as it stamps a read. */
	private Instant serverNow() throws InterruptedException, ExecutionException {
		Timestamp read = firestore.collection(collection).document("clock").get().get().getReadTime();
		return Instant.ofEpochSecond(read.getSeconds(), read.getNanos());
	}

	@Test
	void theDocumentCarriesTheFieldsATtlPolicyAndAPersonNeed() throws Exception {
		lock.acquire(KEY, "a", "host-a", "gcs notification", LEASE);
		DocumentSnapshot document = firestore.collection(collection)
			.document("oddsapi_game-lines_batch_2026-01-14")
			.get()
			.get();
		assertThat(document.getData()).containsKeys("holder", "started_at", "renewed_at", "lease_millis", "trigger",
				"run_again", "expireAt");
		assertThat(document.getLong("lease_millis")).isEqualTo(LEASE.toMillis());
		assertThat(document.getTimestamp("expireAt").toDate().toInstant())
			.as("for the TTL policy only: a day past the lease by the holder's clock")
			.isEqualTo(clock.instant().plus(LEASE).plus(Duration.ofDays(1)));
	}

	// defect 4 of issue 12: expireAt used to be written from the holder's clock and
	// judged by the server's, so a
	// holder whose clock was off by a lease was always expired, or never
	@Test
	void aClockOffByAnHourNeitherEndsALiveLeaseNorKeepsADeadOne() throws Exception {
		Instant now = serverNow();
		FirestoreBatchLock hourBehind = new FirestoreBatchLock(firestore, collection,
				new MutableClock(now.minus(Duration.ofHours(1))));
		FirestoreBatchLock hourAhead = new FirestoreBatchLock(firestore, collection,
				new MutableClock(now.plus(Duration.ofHours(1))));

		hourBehind.acquire(KEY, "behind", "host-a", "scrape", LEASE);
		assertThat(hourAhead.acquire(KEY, "ahead", "host-b", "scrape", LEASE))
			.as("a live lease of a holder an hour behind stays live for a taker an hour ahead")
			.isInstanceOf(Acquisition.Coalesced.class);
		hourBehind.releaseAfterFailure(KEY, "behind");

		hourAhead.acquire(KEY, "ahead", "host-b", "scrape", LEASE);
		assertThat(hourBehind.acquire(KEY, "behind", "host-a", "retry", LEASE))
			.as("a lease of a holder an hour ahead is live until it ends by Firestore's clock")
			.isInstanceOf(Acquisition.Coalesced.class);
		timePasses(LEASE);
		assertThat(hourBehind.acquire(KEY, "behind", "host-a", "retry", LEASE))
			.as("and then a taker an hour behind takes it over")
			.isInstanceOf(Acquisition.Acquired.class);
		assertThat(hourAhead.renew(KEY, "ahead", LEASE)).isFalse();
	}

}
