package io.oddsapi.batch.run;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

import io.oddsapi.batch.source.OddsEndpoint;

/**
 * An endpoint and a game date, checked before any work: what every launch surface asks
 * for.
 */
public record LaunchRequest(OddsEndpoint endpoint, LocalDate gameDate) {

	private static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
		.withResolverStyle(ResolverStyle.STRICT);

	/**
	 * Throws {@link InvalidRequestValue} with a one-line message a person understands.
	 */
	public static LaunchRequest parse(String endpoint, String gameDate) {
		OddsEndpoint parsedEndpoint = OddsEndpoint.fromFolder(endpoint)
			.orElseThrow(() -> InvalidRequestValue.unknownEndpoint(endpoint));
		return new LaunchRequest(parsedEndpoint, parseDate("gameDate", gameDate));
	}

	/**
	 * A calendar date in the form YYYY-MM-DD; {@code name} says which setting it came
	 * from.
	 */
	public static LocalDate parseDate(String name, String date) {
		try {
			return LocalDate.parse(date, ISO_DATE);
		}
		catch (DateTimeParseException | NullPointerException ex) {
			throw InvalidRequestValue.notADate(name, date);
		}
	}

}
