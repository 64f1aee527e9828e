package io.oddsapi.batch.api;

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

	static ApiException notFound(String detail) {
		return new ApiException(HttpStatus.NOT_FOUND, detail);
	}

	static ApiException conflict(String detail) {
		return new ApiException(HttpStatus.CONFLICT, detail);
	}

}
