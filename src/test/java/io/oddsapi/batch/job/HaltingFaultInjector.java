package io.oddsapi.batch.job;

import java.io.IOException;
import java.util.Optional;

/**
 * The fault point for tests that kill the process: with
 * {@code ODDS_FAULT_HALT=<point>:<detail>} (for example
 * {@code read:odds-api/.../x.json#2}) the process prints
 * {@code ODDS FAULT HALT <point> <detail>} and blocks at that point, so the test can
 * {@code kill -9} it there; break something under it (a database connection, a file, the
 * disk) and write a line to its standard input: then it goes on; or send SIGTERM: then it
 * goes on, and the graceful shutdown stops the run at its next commit. Unset (always,
 * outside tests), it does nothing.
 */
public final class HaltingFaultInjector implements FaultInjector {

	public static final String ENVIRONMENT_VARIABLE = "ODDS_FAULT_HALT";

	private final String point;

	private final String detail;

	private final ShutdownSignal shutdown;

	/** Halts once: a run the launcher restarts in the same process passes the point. */
	private volatile boolean halted;

	private HaltingFaultInjector(String point, String detail, ShutdownSignal shutdown) {
		this.point = point;
		this.detail = detail;
		this.shutdown = shutdown;
	}

	public static Optional<FaultInjector> fromEnvironment(ShutdownSignal shutdown) {
		String spec = System.getenv(ENVIRONMENT_VARIABLE);
		if (spec == null || spec.isBlank() || !spec.contains(":")) {
			return Optional.empty();
		}
		int colon = spec.indexOf(':');
		return Optional.of(new HaltingFaultInjector(spec.substring(0, colon), spec.substring(colon + 1), shutdown));
	}

	@Override
	public void at(String point, String detail) {
		if (!halted && this.point.equals(point) && this.detail.equals(detail)) {
			halted = true;
			System.out.println("ODDS FAULT HALT " + point + " " + detail);
			System.out.flush();
			// a plain loop: this runs inside the packaged jar, beside the test classes
			// but
			// without the test libraries (Awaitility)
			while (!shutdown.requested() && !resumed()) {
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("halted at " + point + " " + detail + ", interrupted", ex);
				}
			}
		}
	}

	private static boolean resumed() {
		try {
			return System.in.available() > 0 && System.in.read() >= 0;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
