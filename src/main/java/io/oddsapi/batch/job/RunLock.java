package io.oddsapi.batch.job;

import java.time.LocalDate;

import io.oddsapi.batch.source.OddsEndpoint;

/**
 * The date's lock as the job sees it: taken by the owner of the date's run before it starts or restarts an execution,
 * never by the job itself. The lock step attaches its execution to it.
 */
public interface RunLock {

	/**
	 * Records the execution as the run of the date's lock held by whoever launched it on this thread.
	 * @throws NotLaunchedUnderLockException when nobody holding the date's lock launched it (a job started directly
	 * through Spring Batch's JobOperator or a generic console)
	 */
	void attach(OddsEndpoint endpoint, LocalDate gameDate, long executionId);

}
