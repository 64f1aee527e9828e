package io.oddsapi.batch.warehouse;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A value's {@code toString()}, remembered per thread for the timestamps, dates and
 * prices that repeat across a run's rows (a snapshot's time in every row of its object,
 * an event's tip-off in every row of the event). Formatting an Instant was most of the
 * Java time of the data hash (and of staging by COPY's text format, binary since): a
 * day's props printed 1.5 million of them, nearly all the same few hundred. The text is
 * exactly {@code toString()}'s, so data hashes do not change.
 */
final class ValueText {

	private static final int SLOTS = 256;

	private static final ThreadLocal<ValueText> CACHE = ThreadLocal.withInitial(ValueText::new);

	private final Object[] values = new Object[SLOTS];

	private final String[] texts = new String[SLOTS];

	private ValueText() {
	}

	static String of(Object value) {
		if (value instanceof String text) {
			return text;
		}
		if (value instanceof Instant || value instanceof LocalDate || value instanceof Double) {
			return CACHE.get().remembered(value);
		}
		return value.toString();
	}

	private String remembered(Object value) {
		int slot = value.hashCode() & (SLOTS - 1);
		if (value.equals(values[slot])) {
			return texts[slot];
		}
		String text = value.toString();
		values[slot] = value;
		texts[slot] = text;
		return text;
	}

}
