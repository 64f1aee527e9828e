package io.oddsapi.batch.job;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * The bytes of an object could not be read (not a verdict on its content): the step fails
 * and a restart retries.
 */
public class ObjectReadException extends RuntimeException {

	public ObjectReadException(String objectName, Throwable cause) {
		super("cannot read " + objectName + ": " + reason(cause) + " (the run stops; relaunch once it is readable)",
				cause);
	}

	/**
	 * File-system exceptions carry only the path as their message, which alone says
	 * nothing of what went wrong.
	 */
	private static String reason(Throwable cause) {
		if (cause instanceof AccessDeniedException) {
			return "permission denied";
		}
		if (cause instanceof NoSuchFileException) {
			return "it no longer exists";
		}
		return cause.getMessage();
	}

}
