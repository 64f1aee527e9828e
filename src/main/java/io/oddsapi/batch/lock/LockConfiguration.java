package io.oddsapi.batch.lock;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The lock provider chosen by {@code odds.lock.provider}. */
@Configuration(proxyBeanMethods = false)
public class LockConfiguration {

	@Bean
	BatchLock batchLock(DataSource dataSource, Clock clock) {
		JdbcBatchLock lock = new JdbcBatchLock(dataSource, clock);
		lock.createTable();
		return lock;
	}

	@Bean
	HeldLocks heldLocks() {
		return new HeldLocks();
	}

	@Bean(destroyMethod = "close")
	LeaseRenewer leaseRenewer(BatchLock batchLock) {
		return new LeaseRenewer(batchLock);
	}
}
