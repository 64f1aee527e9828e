package io.oddsapi.batch.launch;

import java.util.List;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.oddsapi.batch.job.ShutdownSignal;

/**
 * Launches requests one after another, as a process that runs and exits does: prints each run's summary (or the
 * launch's decision when it made no run), stops launching once the process is asked to stop, and answers the exit
 * code: 0 when every launch succeeded, 1 otherwise.
 */
final class LaunchSequence {

	static final int FAILED = 1;

	static final int UNUSABLE = 2;

	private static final Logger log = LoggerFactory.getLogger("io.oddsapi.batch.summary");

	private LaunchSequence() {
	}

	static int run(List<LaunchRequest> requests, Function<LaunchRequest, LaunchOutcome> launch, ShutdownSignal shutdown) {
		int exitCode = 0;
		for (LaunchRequest request : requests) {
			if (shutdown.requested()) {
				return FAILED;
			}
			LaunchOutcome outcome = launch.apply(request);
			outcome.runs().forEach(summary -> log.info("{}", summary.format()));
			if (outcome.runs().isEmpty()) {
				log.info("{}", outcome.decision());
			}
			if (!outcome.succeeded()) {
				exitCode = FAILED;
			}
		}
		return exitCode;
	}
}
