package io.oddsapi.batch.job;

/** The bytes of an object could not be read (not a verdict on its content): the step fails and a restart retries. */
public class ObjectReadException extends RuntimeException {

	public ObjectReadException(String objectName, Throwable cause) {
		super("cannot read " + objectName + ": " + cause.getMessage(), cause);
	}
}
