package io.oddsapi.batch.jdbc;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Runs {@code CREATE ... IF NOT EXISTS} statements that several processes may run at once. PostgreSQL can refuse one
 * of two concurrent creations of the same table even with IF NOT EXISTS (a duplicate in its catalogue); run again,
 * the statement finds the table there. An H2 file shared by processes (AUTO_SERVER) answers "Database is already
 * closed" for a moment when the process serving it exits as another starts: the pool validates a connection again
 * only after it has been idle for half a second (Hikari's bypass window), so the attempts are spaced wider than that,
 * and the next one gets a connection to whichever process serves the file now.
 */
public final class IdempotentDdl {

	private static final int ATTEMPTS = 8;

	private static final long PAUSE_MILLIS = 600;

	private IdempotentDdl() {
	}

	public static void execute(JdbcTemplate jdbc, String statement) {
		for (int attempt = 1;; attempt++) {
			try {
				jdbc.execute(statement);
				return;
			}
			catch (DataAccessException ex) {
				if (attempt == ATTEMPTS) {
					throw ex;
				}
				pause();
			}
		}
	}

	private static void pause() {
		try {
			Thread.sleep(PAUSE_MILLIS);
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while creating a table", interrupted);
		}
	}
}
