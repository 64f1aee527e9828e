package io.oddsapi.batch.job;

import org.springframework.batch.core.job.JobExecution;

/**
 * The date's lock as the job sees it: taken by the owner of the date's run before it
 * starts or restarts an execution, never by the job itself. The lock step attaches its
 * execution to it, and the job tells it when the execution ended.
 */
public interface RunLock {

	/**
	 * Records the execution as the run of the date's lock held by whoever is launching
	 * this run.
	 * @throws NotLaunchedUnderLockException when nobody holding the date's lock launched
	 * it (a job started directly through Spring Batch's JobOperator or a generic console)
	 */
	void attach(RunParameters run, long executionId);

	/**
	 * The execution ended (its status is in the job repository): whoever launched it may
	 * go on.
	 */
	void ended(JobExecution execution);

}
