package io.oddsapi.batch.run;

import io.oddsapi.batch.source.OddsEndpoint;

/**
 * A value a person gave (an endpoint, a date, a status) that the tool does not know; its
 * message says what was given and what is accepted, in one line.
 */
public class InvalidRequestValue extends IllegalArgumentException {

	public InvalidRequestValue(String message) {
		super(message);
	}

	/** The endpoint folder is none of the known ones. */
	public static InvalidRequestValue unknownEndpoint(String folder) {
		return new InvalidRequestValue(
				"unknown endpoint '" + printable(folder) + "' (known: " + OddsEndpoint.knownFolders() + ")");
	}

	/** {@code name} (the setting or parameter) holds no YYYY-MM-DD calendar date. */
	public static InvalidRequestValue notADate(String name, Object value) {
		return new InvalidRequestValue(
				name + " '" + printable(value) + "' is not a calendar date in the form YYYY-MM-DD");
	}

	/**
	 * A given value as a message may quote it: control characters masked, at most 60
	 * characters.
	 */
	public static String printable(Object value) {
		if (value == null) {
			return "";
		}
		String clean = value.toString().replaceAll("\\p{Cntrl}", "?");
		return clean.length() > 60 ? clean.substring(0, 60) + "..." : clean;
	}

}
