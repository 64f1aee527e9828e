package io.oddsapi.batch.warehouse;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What differs between the SQL databases the warehouse runs on; everything else is
 * {@link SharedSql}.
 */
public enum SqlDialect {

	H2, POSTGRESQL, BIGQUERY;

	public static SqlDialect forProductName(String productName) {
		return switch (productName) {
			case "H2" -> H2;
			case "PostgreSQL" -> POSTGRESQL;
			default -> throw new IllegalStateException(
					"unsupported warehouse database " + productName + ": the JDBC warehouse runs on H2 and PostgreSQL");
		};
	}

	public String type(ColumnType type) {
		if (this == BIGQUERY) {
			return type.name(); // the definitions use BigQuery's names
		}
		return switch (type) {
			case STRING -> this == H2 ? "CHARACTER VARYING" : "TEXT";
			case INT64 -> "BIGINT";
			case FLOAT64 -> "DOUBLE PRECISION";
			case TIMESTAMP -> "TIMESTAMP WITH TIME ZONE";
			case DATE -> "DATE";
			case BOOL -> "BOOLEAN";
		};
	}

	public String dateLiteral(LocalDate date) {
		return "DATE '" + date + "'";
	}

	/** {@code timestamp} moved back by whole minutes. */
	public String minusMinutes(String timestamp, int minutes) {
		return switch (this) {
			case H2 -> "DATEADD(MINUTE, -" + minutes + ", " + timestamp + ")";
			case POSTGRESQL -> "(" + timestamp + " - INTERVAL '" + minutes + " minutes')";
			case BIGQUERY -> "TIMESTAMP_SUB(" + timestamp + ", INTERVAL " + minutes + " MINUTE)";
		};
	}

	/** Whole minutes from {@code earlier} to {@code later}, truncated. */
	public String minutesBetween(String earlier, String later) {
		return switch (this) {
			case H2 -> "(DATEDIFF(SECOND, " + earlier + ", " + later + ") / 60)";
			case POSTGRESQL -> "CAST(TRUNC(EXTRACT(EPOCH FROM (" + later + " - " + earlier + ")) / 60) AS BIGINT)";
			case BIGQUERY -> "TIMESTAMP_DIFF(" + later + ", " + earlier + ", MINUTE)";
		};
	}

	/**
	 * Seconds since the epoch of a timestamp, as a whole number: how every dialect hands
	 * a time back alike.
	 */
	public String epochSeconds(String timestamp) {
		return this == BIGQUERY ? "UNIX_SECONDS(" + timestamp + ")"
				: "CAST(EXTRACT(EPOCH FROM " + timestamp + ") AS BIGINT)";
	}

	/**
	 * A value as a typed literal, for the few rows this job writes without staging them
	 * (the coverage of a date). Strings are quoted as the dialect quotes them: BigQuery
	 * takes backslash escapes, and doubling a quote there would end the string.
	 */
	public String literal(ColumnType columnType, Object value) {
		if (value == null) {
			return "CAST(NULL AS " + type(columnType) + ")";
		}
		return switch (columnType) {
			case STRING -> this == BIGQUERY
					? "'" + value.toString()
						.replace("\\", "\\\\")
						.replace("'", "\\'")
						.replace("\n", "\\n")
						.replace("\r", "\\r") + "'"
					: "CAST('" + value.toString().replace("'", "''") + "' AS " + type(columnType) + ")";
			case INT64 -> "CAST(" + ((Long) value) + " AS " + type(columnType) + ")";
			case FLOAT64 -> "CAST(" + Double.toString((Double) value) + " AS " + type(columnType) + ")";
			case BOOL -> ((Boolean) value) ? "TRUE" : "FALSE";
			case DATE -> "DATE '" + value + "'";
			case TIMESTAMP -> "CAST('" + TIMESTAMP_TEXT.format((Instant) value) + "' AS " + type(columnType) + ")";
		};
	}

	/**
	 * A point in time as a typed literal, exact to the microsecond: BigQuery's TIMESTAMP
	 * holds microseconds and refuses a literal with a finer fraction, which
	 * {@code Instant.toString()} prints where the clock has nanoseconds.
	 */
	public String timestampLiteral(Instant instant) {
		return literal(ColumnType.TIMESTAMP, instant);
	}

	/**
	 * Six fractional digits: the formatter truncates, as BigQuery truncates a finer time
	 * it is loaded with.
	 */
	private static final DateTimeFormatter TIMESTAMP_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx")
		.withZone(ZoneOffset.UTC);

	/**
	 * A FLOAT64 expression as a window can partition by it: BigQuery refuses floats there
	 * (ZetaSQL caught it).
	 */
	public String partitionable(String floatExpression) {
		return this == BIGQUERY ? "CAST(" + floatExpression + " AS STRING)" : floatExpression;
	}

}
