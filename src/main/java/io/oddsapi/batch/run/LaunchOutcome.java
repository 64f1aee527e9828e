package io.oddsapi.batch.run;

import java.util.List;

import io.oddsapi.batch.job.RunSummary;

/**
 * What one launch did: the runs it made (several when run_again asked for more), or why
 * it made none.
 *
 * @param decision the launch's decision in one line, e.g. "coalesced into execution 12 on
 * host-a"
 */
public record LaunchOutcome(Kind kind, List<RunSummary> runs, String decision) {

	public enum Kind {

		/** Ran (and completed) at least one run. */
		RAN,
		/**
		 * The date's lock was held by a live holder: run_again set, nothing done here.
		 */
		COALESCED,
		/** Nothing new since the last run. */
		NOTHING_NEW,
		/** A run failed; a relaunch restarts it. */
		FAILED

	}

	public boolean succeeded() {
		return kind != Kind.FAILED;
	}
}
