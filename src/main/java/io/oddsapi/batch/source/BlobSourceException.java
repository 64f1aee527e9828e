package io.oddsapi.batch.source;

/** The bucket itself cannot be used; the message says why in one line. */
public class BlobSourceException extends RuntimeException {

	public BlobSourceException(String message) {
		super(message);
	}

	public BlobSourceException(String message, Throwable cause) {
		super(message, cause);
	}

}
