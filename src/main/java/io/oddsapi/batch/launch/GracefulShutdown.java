package io.oddsapi.batch.launch;

import java.time.Duration;

import io.oddsapi.batch.job.RunningExecutions;
import io.oddsapi.batch.job.ShutdownSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import org.springframework.context.SmartLifecycle;

/**
 * On SIGTERM (Cloud Run gives 10 s) asks this process's running executions to stop and
 * waits for them: each ends STOPPED at its next chunk boundary, its last commit kept, and
 * a later launch restarts it from there; then the process exits with 143. A context
 * closed some other way does the same first thing in its shutdown.
 */
public class GracefulShutdown implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

	private final RunningExecutions running;

	private final Duration patience;

	private volatile boolean started;

	private final ShutdownSignal shutdown;

	public GracefulShutdown(RunningExecutions running, ShutdownSignal shutdown, Duration patience) {
		this.shutdown = shutdown;
		this.running = running;
		this.patience = patience;
	}

	/**
	 * Takes SIGTERM over from the JVM: the runs are stopped first, and only then does the
	 * process exit (and its shutdown hooks close the database; H2's would otherwise close
	 * it under the running step).
	 */
	@Override
	public void start() {
		started = true;
		try {
			Signal.handle(new Signal("TERM"), signal -> {
				log.info("SIGTERM: stopping this process's runs at their next commit");
				stopRuns();
				System.exit(128 + signal.getNumber());
			});
		}
		catch (IllegalArgumentException unsupported) {
			log.debug("SIGTERM cannot be handled here; the context's shutdown stops the runs");
		}
	}

	@Override
	public void stop() {
		started = false;
		stopRuns();
	}

	private void stopRuns() {
		shutdown.request();
		if (running.ids().isEmpty()) {
			return;
		}
		// the staging writer sees the signal and marks its step to end STOPPED after the
		// chunk it is writing commits
		log.info("shutting down: executions {} stop at their next commit", running.ids());
		try {
			running.awaitEnd(patience);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		if (!running.ids().isEmpty()) {
			log.warn("shutting down: executions {} still running after {} s", running.ids(), patience.toSeconds());
		}
	}

	@Override
	public boolean isRunning() {
		return started;
	}

	/** Before everything else, while the job repository's connections are still open. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

}
