package io.oddsapi.batch.localbigquery;

/**
 * An error as BigQuery reports it: a reason ({@code invalidQuery}, {@code notFound}, ...)
 * and a message.
 */
class BigQueryError extends RuntimeException {

	private final String reason;

	BigQueryError(String reason, String message) {
		super(message);
		this.reason = reason;
	}

	String reason() {
		return reason;
	}

	/** The HTTP status BigQuery answers a request with for this reason. */
	int httpStatus() {
		return switch (reason) {
			case "notFound" -> 404;
			case "duplicate" -> 409;
			case "internalError" -> 500;
			case "backendError" -> 503;
			case "quotaExceeded", "rateLimitExceeded" -> 403;
			default -> 400;
		};
	}

}
