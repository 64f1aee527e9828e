package io.oddsapi.batch.odds;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 times as the Odds API writes them. Every bookmaker and market carries one, so
 * the common form, {@code 2026-01-14T21:00:00Z}, is read by hand (java.time's parser
 * costs more than the rest of the outcome); any other form goes to
 * {@link OffsetDateTime#parse}.
 */
public final class IsoInstants {

	private IsoInstants() {
	}

	/** The instant, or null when the text is not an ISO-8601 time with an offset. */
	public static Instant parse(String text) {
		Instant fast = utcSeconds(text);
		if (fast != null) {
			return fast;
		}
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/**
	 * {@code yyyy-MM-ddTHH:mm:ssZ} exactly, else null (and the general parser decides).
	 */
	private static Instant utcSeconds(String text) {
		if (text.length() != 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
				|| text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != 'Z') {
			return null;
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 2);
		int day = digits(text, 8, 2);
		int hour = digits(text, 11, 2);
		int minute = digits(text, 14, 2);
		int second = digits(text, 17, 2);
		if (year < 0 || month < 1 || month > 12 || day < 1 || day > LocalDate.of(year, month, 1).lengthOfMonth()
				|| hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
			return null;
		}
		long days = LocalDate.of(year, month, day).toEpochDay();
		return Instant.ofEpochSecond(days * 86_400 + hour * 3_600 + minute * 60 + second);
	}

	/**
	 * The decimal number in {@code text[from, from + count)}, or -1 if any of it is not
	 * an ASCII digit.
	 */
	private static int digits(String text, int from, int count) {
		int value = 0;
		for (int i = from; i < from + count; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

}
