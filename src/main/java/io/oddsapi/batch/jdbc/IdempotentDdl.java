package io.oddsapi.batch.jdbc;

import java.time.Duration;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Runs {@code CREATE ... IF NOT EXISTS} statements that several processes may run at
 * once. PostgreSQL can refuse one of two concurrent creations of the same table even with
 * IF NOT EXISTS (a duplicate in its catalogue); run again, the statement finds the table
 * there. An H2 file shared by processes (AUTO_SERVER) answers "Database is already
 * closed" for a moment when the process serving it exits as another starts: the pool
 * validates a connection again only after it has been idle for half a second (Hikari's
 * bypass window), so the attempts are spaced wider than that, and the next one gets a
 * connection to whichever process serves the file now.
 */
public final class IdempotentDdl {

	private static final RetryTemplate RETRY = new RetryTemplate(RetryPolicy.builder()
		.maxRetries(7)
		.delay(Duration.ofMillis(600))
		.includes(DataAccessException.class)
		.build());

	private IdempotentDdl() {
	}

	public static void execute(JdbcTemplate jdbc, String statement) {
		RETRY.invoke(() -> jdbc.execute(statement));
	}

}
