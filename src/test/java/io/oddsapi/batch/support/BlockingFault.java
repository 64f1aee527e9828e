package io.oddsapi.batch.support;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.oddsapi.batch.job.FaultInjector;

/**
 * Holds the job at a named point until the test releases it: a run caught mid-staging,
 * deterministically, for a test to act on (stop it, launch beside it) while it is there.
 */
public final class BlockingFault implements FaultInjector {

	private final String point;

	private final String detail;

	private final CountDownLatch reached = new CountDownLatch(1);

	private final CountDownLatch released = new CountDownLatch(1);

	public BlockingFault(String point, String detail) {
		this.point = point;
		this.detail = detail;
	}

	@Override
	public void at(String point, String detail) {
		if (this.point.equals(point) && this.detail.equals(detail) && reached.getCount() > 0) {
			reached.countDown();
			await(released, "the test to release " + point + " " + detail);
		}
	}

	/** Waits until a run is held at the point. */
	public void awaitReached() {
		await(reached, "a run to reach " + point + " " + detail);
	}

	public void release() {
		released.countDown();
	}

	private static void await(CountDownLatch latch, String what) {
		try {
			if (!latch.await(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("waited a minute for " + what);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
