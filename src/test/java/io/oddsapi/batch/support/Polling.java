package io.oddsapi.batch.support;

/**
 * The pause between two looks at something a test waits for (a child's output, the API,
 * the server's state).
 */
public final class Polling {

	private Polling() {
	}

	/**
	 * A short pause that leaves the two cores to the work being waited for; not waiting
	 * for time to pass.
	 */
	public static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
