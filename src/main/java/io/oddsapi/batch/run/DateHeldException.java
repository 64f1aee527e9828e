package io.oddsapi.batch.run;

/** An operation on an execution refused because a live holder has its date's lock. */
public class DateHeldException extends RuntimeException {

	DateHeldException(String message) {
		super(message);
	}

}
