package io.oddsapi.batch.lock;

import java.time.Clock;

import javax.sql.DataSource;

import com.google.cloud.firestore.FirestoreOptions;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The lock provider chosen by {@code odds.lock.provider}. */
@Configuration(proxyBeanMethods = false)
public class LockConfiguration {

	@Bean
	BatchLock batchLock(LockProperties properties, DataSource dataSource, Clock clock) {
		if (properties.provider() == LockProperties.Provider.FIRESTORE) {
			// FIRESTORE_EMULATOR_HOST is honoured
			FirestoreOptions.Builder options = FirestoreOptions.newBuilder();
			if (properties.firestoreProject() != null && !properties.firestoreProject().isBlank()) {
				options.setProjectId(properties.firestoreProject());
			}
			if (properties.firestoreEmulatorHost() != null && !properties.firestoreEmulatorHost().isBlank()) {
				options.setEmulatorHost(properties.firestoreEmulatorHost());
			}
			return new FirestoreBatchLock(options.build().getService(), properties.collection(), clock);
		}
		JdbcBatchLock lock = new JdbcBatchLock(dataSource, clock);
		lock.createTable();
		return lock;
	}

}
