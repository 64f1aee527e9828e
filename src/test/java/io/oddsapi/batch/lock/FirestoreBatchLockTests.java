package io.oddsapi.batch.lock;

import java.util.UUID;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import io.oddsapi.batch.support.Emulators;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The lock contract on the real Firestore emulator: one collection per test. */
class FirestoreBatchLockTests extends BatchLockContractTests {

	private Firestore firestore;

	private FirestoreBatchLock lock;

	private String collection;

	@BeforeEach
	void connect() {
		firestore = FirestoreOptions.newBuilder()
			.setProjectId("oddsapi-test")
			.setEmulatorHost(Emulators.firestore())
			.build()
			.getService();
		collection = "locks_" + UUID.randomUUID().toString().replace("-", "");
		lock = new FirestoreBatchLock(firestore, collection, clock);
	}

	@AfterEach
	void close() throws Exception {
		firestore.close();
	}

	@Override
	protected BatchLock lock() {
		return lock;
	}

	@Test
	void theDocumentCarriesTheFieldsATtlPolicyAndAPersonNeed() throws Exception {
		lock.acquire(KEY, "a", "host-a", "gcs notification", LEASE);
		var document = firestore.collection(collection).document("oddsapi_game-lines_batch_2026-01-14").get().get();
		assertThat(document.getData()).containsKeys("holder", "started_at", "trigger", "run_again", "expireAt");
		assertThat(document.getTimestamp("expireAt").toDate().toInstant()).isEqualTo(clock.instant().plus(LEASE));
	}
}
