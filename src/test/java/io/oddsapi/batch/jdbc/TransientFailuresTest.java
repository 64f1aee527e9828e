package io.oddsapi.batch.jdbc;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.h2.api.ErrorCode;
import org.h2.message.DbException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failures the owner of a date's run restarts the run for. The H2 ones are H2's own
 * exceptions, as a process sharing the file gets them when the process serving it exits
 * or another one is opening it.
 */
class TransientFailuresTest {

	@ParameterizedTest
	@ValueSource(ints = { ErrorCode.CONNECTION_BROKEN_1, ErrorCode.DATABASE_IS_CLOSED,
			ErrorCode.DATABASE_CALLED_AT_SHUTDOWN, ErrorCode.DATABASE_ALREADY_OPEN_1 })
	void aSharedH2FileChangingHandsIsTransientEvenWhenItStopsATransactionFromStarting(int code) {
		SQLException h2 = DbException.get(code, "x").getSQLException();
		assertThat(TransientFailures
			.isTransient(new CannotCreateTransactionException("Could not open JDBC Connection for transaction", h2)))
			.isTrue();
	}

	@Test
	void aTimedOutPoolAndAPostgresConnectionFailureAreTransient() {
		assertThat(TransientFailures.isTransient(new SQLTransientConnectionException("pool timed out"))).isTrue();
		assertThat(TransientFailures.isTransient(new SQLException("terminating connection", "57P01"))).isTrue();
		assertThat(TransientFailures.isTransient(new SQLException("could not connect", "08001"))).isTrue();
	}

	@Test
	void failuresAboutTheDataOrAnotherOwnerAreNot() {
		assertThat(TransientFailures
			.isTransient(DbException.get(ErrorCode.TABLE_OR_VIEW_NOT_FOUND_1, "X").getSQLException())).isFalse();
		assertThat(TransientFailures
			.isTransient(DbException.get(ErrorCode.FILE_CORRUPTED_1, "odds.mv.db").getSQLException())).isFalse();
		assertThat(TransientFailures.isTransient(new OptimisticLockingFailureException("execution changed",
				new SQLTransientConnectionException("pool timed out"))))
			.isFalse();
	}

}
