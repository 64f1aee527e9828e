package io.oddsapi.batch.job;

/**
 * Set when this application has been asked to stop (SIGTERM, or its context closing): the
 * staging writer ends its step at the next commit, launchers start nothing more, and long
 * waits (test fault points) give up.
 */
public class ShutdownSignal {

	private volatile boolean requested;

	public boolean requested() {
		return requested;
	}

	public void request() {
		requested = true;
	}

}
