package io.oddsapi.batch.support;

import java.util.concurrent.atomic.AtomicBoolean;

import io.oddsapi.batch.job.FaultInjector;

/**
 * Throws once, at the named point and detail (see {@link FaultInjector#at}); a relaunch
 * passes.
 */
public final class InjectedFault implements FaultInjector {

	private final String point;

	private final String detail;

	private final AtomicBoolean fired = new AtomicBoolean();

	private InjectedFault(String point, String detail) {
		this.point = point;
		this.detail = detail;
	}

	public static InjectedFault failOnce(String point, String detail) {
		return new InjectedFault(point, detail);
	}

	public boolean fired() {
		return fired.get();
	}

	@Override
	public void at(String point, String detail) {
		if (this.point.equals(point) && this.detail.equals(detail) && fired.compareAndSet(false, true)) {
			throw new IllegalStateException("injected fault at " + point + " " + detail);
		}
	}

}
