package io.oddsapi.batch.jdbc;

import java.net.ConnectException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refusals H2 gives a process that opens the file while another does (each seen in a
 * multi-process test).
 */
class ConcurrentOpenRetryTest {

	@ParameterizedTest
	@ValueSource(strings = { "Lock file recently modified [90020-240]", "Database may be already in use: null",
			"Another process was faster [90020-240]", "Error opening database: \"Concurrent update\" [8000-240]" })
	void aRefusalWhileAnotherProcessOpensTheFileIsRetried(String message) {
		SQLException refusal = new SQLException("outer", new SQLException(message));
		assertThat(ConcurrentOpenRetry.refusedBecauseOpening(refusal)).isTrue();
	}

	@Test
	void theServerOfAProcessThatIsExitingRefusingTheConnectionIsRetried() {
		SQLException refused = new SQLException(
				"Connection is broken: \"java.net.ConnectException: Connection refused: "
						+ "localhost:35435\" [90067-240]",
				new ConnectException("Connection refused"));
		assertThat(ConcurrentOpenRetry.refusedBecauseOpening(refused)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "Wrong user name or password [28000-240]", "Table \"X\" not found [42102-240]",
			"Error opening database: \"File corrupted\" [8000-240]" })
	void anyOtherFailureIsNot(String message) {
		assertThat(ConcurrentOpenRetry.refusedBecauseOpening(new SQLException(message))).isFalse();
	}

}
