package io.oddsapi.batch.run;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.oddsapi.batch.lock.Acquisition;
import io.oddsapi.batch.lock.BatchLock;
import io.oddsapi.batch.lock.LockKey;
import io.oddsapi.batch.lock.LockState;
import io.oddsapi.batch.source.OddsEndpoint;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseRenewerTest {

	static final LockKey KEY = LockKey.of(OddsEndpoint.PLAYER_PROPS, LocalDate.of(2026, 1, 14));

	/** Counts renewals; answers "lost" from the third on. */
	static final class CountingLock implements BatchLock {

		final AtomicInteger renewals = new AtomicInteger();

		final CountDownLatch thirdRenewal = new CountDownLatch(3);

		@Override
		public boolean renew(LockKey key, String token, Duration lease) {
			int renewal = renewals.incrementAndGet();
			thirdRenewal.countDown();
			return renewal < 3;
		}

		@Override
		public Acquisition acquire(LockKey key, String token, String host, String trigger, Duration lease,
				Predicate<LockState> presumedDead) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean attach(LockKey key, String token, long executionId) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Release release(LockKey key, String token) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean releaseAfterFailure(LockKey key, String token) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Optional<LockState> read(LockKey key) {
			return Optional.empty();
		}

		@Override
		public List<LockState> held() {
			throw new UnsupportedOperationException();
		}

	}

	@Test
	void renewsEveryThirdOfTheLeaseUntilTheLockIsLost() throws Exception {
		CountingLock lock = new CountingLock();
		try (LeaseRenewer renewer = new LeaseRenewer(lock)) {
			renewer.renew(KEY, "a", Duration.ofMillis(300));
			assertThat(lock.thirdRenewal.await(10, TimeUnit.SECONDS)).isTrue();
			// the renewal that found the lock lost cancelled the schedule: a fourth never
			// comes, for ten periods
			Awaitility.await()
				.during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(2))
				.until(() -> lock.renewals.get() == 3);
		}
	}

}
