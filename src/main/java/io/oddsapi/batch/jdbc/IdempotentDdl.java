package io.oddsapi.batch.jdbc;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Runs {@code CREATE ... IF NOT EXISTS} statements that several processes may run at once. PostgreSQL can refuse one
 * of two concurrent creations of the same table even with IF NOT EXISTS (a duplicate in its catalogue); run again,
 * the statement finds the table there.
 */
public final class IdempotentDdl {

	private static final int ATTEMPTS = 3;

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
			}
		}
	}
}
