package io.oddsapi.batch.lock;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code odds.lock.*}.
 *
 * @param lease how long a holder keeps the lock without renewing; a holder that dies
 * loses it after this long
 * @param provider {@code jdbc}: a table in the application's database; {@code firestore}:
 * a document per lock
 * @param collection the Firestore collection of the lock documents
 * @param firestoreProject the Google Cloud project of the Firestore database; empty: the
 * credentials' project
 * @param firestoreEmulatorHost host:port of a Firestore emulator (as
 * FIRESTORE_EMULATOR_HOST, which works too)
 */
@Validated
@ConfigurationProperties("odds.lock")
public record LockProperties(@NotNull @DefaultValue("PT5M") Duration lease,
		@NotNull @DefaultValue("jdbc") Provider provider,
		@NotBlank @DefaultValue("batch_processing_locks") String collection, String firestoreProject,
		String firestoreEmulatorHost) {

	public enum Provider {

		JDBC, FIRESTORE

	}

	public LockProperties {
		if (lease != null && lease.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("odds.lock.lease must be at least 1 second, was " + lease);
		}
	}
}
