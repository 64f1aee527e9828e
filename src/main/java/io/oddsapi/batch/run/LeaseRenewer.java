package io.oddsapi.batch.run;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.oddsapi.batch.lock.BatchLock;
import io.oddsapi.batch.lock.LockKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews held leases every third of their length while their work goes on. A renewal that
 * finds the lock gone is logged and stops; the work carries on, since correctness does
 * not depend on the lock.
 */
class LeaseRenewer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LeaseRenewer.class);

	private final BatchLock lock;

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread thread = new Thread(r, "lease-renewer");
		thread.setDaemon(true);
		return thread;
	});

	LeaseRenewer(BatchLock lock) {
		this.lock = lock;
	}

	/** A lease being renewed; closing it stops the renewal. */
	interface Renewal extends AutoCloseable {

		@Override
		void close();

	}

	/** Starts renewing; close the returned handle when the work is done. */
	Renewal renew(LockKey key, String token, Duration lease) {
		long period = Math.max(1, lease.toMillis() / 3);
		ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
		task[0] = scheduler.scheduleAtFixedRate(() -> {
			try {
				if (!lock.renew(key, token, lease)) {
					log.warn("{}: lease lost to another launch; this run goes on, its MERGE keeps the tables exact",
							key);
					task[0].cancel(false);
				}
			}
			catch (RuntimeException ex) {
				log.warn("{}: lease renewal failed, will retry: {}", key, ex.getMessage());
			}
		}, period, period, TimeUnit.MILLISECONDS);
		return () -> task[0].cancel(false);
	}

	@Override
	public void close() {
		scheduler.shutdownNow();
	}

}
