package io.oddsapi.batch.job;

/**
 * Deterministic fault points for tests: the job calls {@link #at} where a crash matters,
 * and a test's injector throws (or halts the process) at the one it names. Does nothing
 * unless a test puts its own in the context.
 */
@FunctionalInterface
public interface FaultInjector {

	FaultInjector NONE = (point, detail) -> {
	};

	/**
	 * {@code point}: {@code listing} (detail: endpoint and names listed so far,
	 * {@code game-lines#40}) while the list step lists; {@code list} (detail: endpoint)
	 * after the listing, before the manifest commits; {@code read} (detail: object name
	 * and event index, {@code name#3}) before an event is handed on; {@code write}
	 * (detail: chunk number from 1) after a chunk is staged but before it commits;
	 * {@code publish} (detail: table) after that table's MERGE, before the publication
	 * commits (on BigQuery, where one script runs every MERGE: after the script);
	 * {@code committed} (detail: endpoint) after a run completed, before the launch
	 * releases the date's lock.
	 */
	void at(String point, String detail);

}
