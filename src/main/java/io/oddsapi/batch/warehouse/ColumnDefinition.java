package io.oddsapi.batch.warehouse;

import java.util.Locale;

/**
 * One column of a target table. {@link Fill#ROW} columns come from the row record; the
 * others the warehouse fills when it publishes.
 */
public record ColumnDefinition(String name, ColumnType type, boolean required, Fill fill) {

	public enum Fill {

		ROW, FIRST_PUBLISHED, LAST_PUBLISHED, DATA_HASH;

		static Fill of(String text) {
			return text == null ? ROW : valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
		}

	}

	public boolean fromRow() {
		return fill == Fill.ROW;
	}
}
