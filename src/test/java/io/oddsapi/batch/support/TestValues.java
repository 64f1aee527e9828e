package io.oddsapi.batch.support;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Makes values read back from H2 and PostgreSQL comparable: instants as ISO-8601 UTC,
 * dates as ISO dates.
 */
public final class TestValues {

	private TestValues() {
	}

	public static String normalize(Object value) {
		if (value == null) {
			return "NULL";
		}
		if (value instanceof OffsetDateTime odt) {
			return odt.toInstant().toString();
		}
		if (value instanceof Timestamp ts) {
			return ts.toInstant().toString();
		}
		if (value instanceof Instant instant) {
			return instant.toString();
		}
		if (value instanceof Date date) {
			return date.toLocalDate().toString();
		}
		if (value instanceof Number number && !(value instanceof Double) && !(value instanceof Float)) {
			return Long.toString(number.longValue());
		}
		return value.toString();
	}

}
