package io.oddsapi.batch.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import io.oddsapi.batch.job.ShutdownSignal;
import io.oddsapi.batch.run.LaunchOutcome;
import io.oddsapi.batch.run.LaunchRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launches requests one after another (or a few at once), as a process that runs and
 * exits does: prints each run's summary (or the launch's decision when it made no run),
 * stops launching once the process is asked to stop, and answers the exit code: 0 when
 * every launch succeeded, 1 otherwise.
 */
final class LaunchSequence {

	static final int FAILED = 1;

	static final int UNUSABLE = 2;

	private static final Logger log = LoggerFactory.getLogger("io.oddsapi.batch.summary");

	private LaunchSequence() {
	}

	/**
	 * With {@code workers} > 1, that many launches at once (each date has its own lock,
	 * so they never wait for each other); summaries are printed in request order.
	 */
	static int run(List<LaunchRequest> requests, Function<LaunchRequest, LaunchOutcome> launch, ShutdownSignal shutdown,
			int workers) {
		if (workers <= 1 || requests.size() <= 1) {
			int exitCode = 0;
			for (LaunchRequest request : requests) {
				if (shutdown.requested()) {
					return FAILED;
				}
				exitCode = Math.max(exitCode, report(launch.apply(request)));
			}
			return exitCode;
		}
		ExecutorService pool = Executors.newFixedThreadPool(workers);
		try {
			List<Future<LaunchOutcome>> outcomes = new ArrayList<>();
			for (LaunchRequest request : requests) {
				outcomes.add(pool.submit(() -> shutdown.requested() ? null : launch.apply(request)));
			}
			int exitCode = 0;
			for (Future<LaunchOutcome> outcome : outcomes) {
				LaunchOutcome done = outcome.get();
				exitCode = Math.max(exitCode, done == null ? FAILED : report(done));
			}
			return exitCode;
		}
		catch (ExecutionException ex) {
			throw ex.getCause() instanceof RuntimeException runtime ? runtime
					: new IllegalStateException(ex.getCause().getMessage(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return FAILED;
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * Prints a launch's summaries (its decision is logged where it is made); answers its
	 * exit code.
	 */
	private static int report(LaunchOutcome outcome) {
		outcome.runs().forEach(summary -> log.info("{}", summary.format()));
		return outcome.succeeded() ? 0 : FAILED;
	}

}
