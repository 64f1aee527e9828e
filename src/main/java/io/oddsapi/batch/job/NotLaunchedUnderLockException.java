package io.oddsapi.batch.job;

import java.time.LocalDate;

import io.oddsapi.batch.source.OddsEndpoint;

/**
 * An execution started without the date's lock: it stops in its lock step, before it
 * lists or publishes anything.
 */
public class NotLaunchedUnderLockException extends IllegalStateException {

	public NotLaunchedUnderLockException(OddsEndpoint endpoint, LocalDate gameDate, long executionId) {
		super("execution " + executionId + " of " + endpoint + " " + gameDate + " was started without the date's lock "
				+ "(directly through Spring Batch, not by this application's launch): it stops before listing or "
				+ "publishing anything. Launch or restart the date with the command line, the REST API or a "
				+ "notification, which take the lock first");
	}

}
