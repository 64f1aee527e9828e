package io.oddsapi.batch.launch;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

import io.oddsapi.batch.source.OddsEndpoint;

/** An endpoint and a game date, checked before any work: what every launch surface asks for. */
public record LaunchRequest(OddsEndpoint endpoint, LocalDate gameDate) {

	private static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
		.withResolverStyle(ResolverStyle.STRICT);

	/** Throws {@link IllegalArgumentException} with a one-line message a person understands. */
	public static LaunchRequest parse(String endpoint, String gameDate) {
		OddsEndpoint parsedEndpoint = OddsEndpoint.fromFolder(endpoint)
			.orElseThrow(() -> new IllegalArgumentException(
					"unknown endpoint '" + printable(endpoint) + "' (known: " + OddsEndpoint.knownFolders() + ")"));
		try {
			return new LaunchRequest(parsedEndpoint, LocalDate.parse(gameDate, ISO_DATE));
		}
		catch (DateTimeParseException | NullPointerException ex) {
			throw new IllegalArgumentException(
					"gameDate '" + printable(gameDate) + "' is not a calendar date in the form YYYY-MM-DD");
		}
	}

	private static String printable(String value) {
		if (value == null) {
			return "";
		}
		String clean = value.replaceAll("\\p{Cntrl}", "?");
		return clean.length() > 60 ? clean.substring(0, 60) + "..." : clean;
	}
}
