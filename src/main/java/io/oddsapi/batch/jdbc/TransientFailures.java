package io.oddsapi.batch.jdbc;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Failures that say nothing about the data and are worth one more try: a lost or refused
 * database connection, a serialization failure or deadlock. A run that fails on one is
 * restarted by the owner of its date's run.
 */
public final class TransientFailures {

	/**
	 * H2: database closed at shutdown (90121) or closed (90098), connection broken
	 * (90067).
	 */
	private static final Set<Integer> H2_SERVER_GONE = Set.of(90121, 90098, 90067);

	private TransientFailures() {
	}

	public static boolean isTransient(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof OptimisticLockingFailureException) {
				// someone else changed the execution (a stop, a takeover): not ours to
				// retry
				return false;
			}
			if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
					|| t instanceof DataAccessResourceFailureException || t instanceof SQLTransientException
					|| t instanceof SQLRecoverableException) {
				return true;
			}
			if (t instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().equals("40001")
							|| sql.getSQLState().equals("40P01") || sql.getSQLState().equals("57P01"))) {
				// connection exception, serialization failure, deadlock, admin shutdown
				return true;
			}
			if (t instanceof SQLException sql && H2_SERVER_GONE.contains(sql.getErrorCode())
					&& sql.getClass().getName().startsWith("org.h2.")) {
				// the process serving a shared H2 file exited: the next connection
				// reopens it
				return true;
			}
			if (t instanceof SQLException sql && ConcurrentOpenRetry.refusedBecauseOpening(sql)) {
				// another process was opening the shared H2 file: past the connection's
				// own retries
				return true;
			}
		}
		return false;
	}

}
