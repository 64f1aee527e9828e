package io.oddsapi.batch.support;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need a service (PostgreSQL, an emulator) skip with a message where it is
 * missing, as on a fresh laptop; with {@code ODDS_REQUIRE_SERVICES=true} (CI) a missing
 * service fails the test instead, so CI proves they ran.
 */
public final class RequiredServices {

	private RequiredServices() {
	}

	public static boolean required() {
		return "true".equalsIgnoreCase(System.getenv("ODDS_REQUIRE_SERVICES"));
	}

	public static void unavailable(String message) {
		if (required()) {
			Assertions.fail(message + " (ODDS_REQUIRE_SERVICES=true: this test must run)");
		}
		Assumptions.abort(message + ": test skipped");
	}

}
