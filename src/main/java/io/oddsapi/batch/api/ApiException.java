package io.oddsapi.batch.api;

import java.util.function.Supplier;

import org.springframework.http.HttpStatus;

/**
 * An answer other than success, with a message a person understands; becomes an RFC 9457
 * problem.
 */
class ApiException extends RuntimeException {

	private final HttpStatus status;

	ApiException(HttpStatus status, String detail) {
		super(detail);
		this.status = status;
	}

	HttpStatus status() {
		return status;
	}

	static ApiException badRequest(String detail) {
		return new ApiException(HttpStatus.BAD_REQUEST, detail);
	}

	/**
	 * A request value read by the parsing the launch surfaces share: what it refuses is
	 * the caller's error (400).
	 */
	static <T> T parsed(Supplier<T> parse) {
		try {
			return parse.get();
		}
		catch (IllegalArgumentException refused) {
			throw badRequest(refused.getMessage());
		}
	}

	static ApiException notFound(String detail) {
		return new ApiException(HttpStatus.NOT_FOUND, detail);
	}

	static ApiException conflict(String detail) {
		return new ApiException(HttpStatus.CONFLICT, detail);
	}

}
