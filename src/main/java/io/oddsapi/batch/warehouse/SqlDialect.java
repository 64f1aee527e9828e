package io.oddsapi.batch.warehouse;

import java.time.LocalDate;

/** What differs between the SQL databases the warehouse runs on; everything else is {@link SharedSql}. */
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

	/** A FLOAT64 expression as a window can partition by it: BigQuery refuses floats there (ZetaSQL caught it). */
	public String partitionable(String floatExpression) {
		return this == BIGQUERY ? "CAST(" + floatExpression + " AS STRING)" : floatExpression;
	}
}
