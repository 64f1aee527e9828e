package io.oddsapi.batch.localbigquery;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Base64;
import java.util.Locale;

import com.google.zetasql.Type;
import com.google.zetasql.TypeFactory;
import com.google.zetasql.Value;
import com.google.zetasql.ZetaSQLType.TypeKind;
import tools.jackson.databind.JsonNode;

/**
 * BigQuery's column types as the REST API names them, the evaluator's values of them, and
 * the two conversions the API makes: JSON of a load job into a value (BigQuery's "Loading
 * JSON data" rules: numbers or their text for numeric columns, canonical text for dates
 * and timestamps), and a value into the text of a result cell.
 */
final class BigQueryTypes {

	private static final DateTimeFormatter TIMESTAMP_TEXT = new DateTimeFormatterBuilder().appendPattern("uuuu-MM-dd")
		.optionalStart()
		.appendLiteral('T')
		.optionalEnd()
		.optionalStart()
		.appendLiteral(' ')
		.optionalEnd()
		.appendPattern("HH:mm")
		.optionalStart()
		.appendPattern(":ss")
		.optionalEnd()
		.optionalStart()
		.appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
		.optionalEnd()
		.optionalStart()
		.appendLiteral(' ')
		.optionalEnd()
		.optionalStart()
		.appendOffset("+HH:MM", "Z")
		.optionalEnd()
		.optionalStart()
		.appendLiteral("UTC")
		.optionalEnd()
		.toFormatter(Locale.ROOT);

	private BigQueryTypes() {
	}

	/** The evaluator's type of a REST type name (standard or legacy spelling). */
	static Type type(String restName) {
		return TypeFactory.createSimpleType(switch (restName.toUpperCase(Locale.ROOT)) {
			case "STRING" -> TypeKind.TYPE_STRING;
			case "INTEGER", "INT64" -> TypeKind.TYPE_INT64;
			case "FLOAT", "FLOAT64" -> TypeKind.TYPE_DOUBLE;
			case "BOOLEAN", "BOOL" -> TypeKind.TYPE_BOOL;
			case "TIMESTAMP" -> TypeKind.TYPE_TIMESTAMP;
			case "DATE" -> TypeKind.TYPE_DATE;
			case "DATETIME" -> TypeKind.TYPE_DATETIME;
			case "NUMERIC" -> TypeKind.TYPE_NUMERIC;
			case "BYTES" -> TypeKind.TYPE_BYTES;
			default ->
				throw new BigQueryError("invalid", "type " + restName + " is not supported by the local BigQuery");
		});
	}

	/** The REST API's (legacy) name of an evaluator type. */
	static String restName(Type type) {
		return switch (type.getKind()) {
			case TYPE_STRING -> "STRING";
			case TYPE_INT64 -> "INTEGER";
			case TYPE_DOUBLE -> "FLOAT";
			case TYPE_BOOL -> "BOOLEAN";
			case TYPE_TIMESTAMP -> "TIMESTAMP";
			case TYPE_DATE -> "DATE";
			case TYPE_DATETIME -> "DATETIME";
			case TYPE_NUMERIC -> "NUMERIC";
			case TYPE_BYTES -> "BYTES";
			default -> throw new BigQueryError("invalidQuery",
					"result type " + type.typeName() + " is not supported by the local BigQuery");
		};
	}

	/**
	 * A JSON value of a load file as a column's value; throws with BigQuery's wording
	 * when it does not convert.
	 */
	static Value fromJson(JsonNode json, Type type, String column) {
		if (json == null || json.isNull()) {
			return Value.createNullValue(type);
		}
		try {
			return switch (type.getKind()) {
				case TYPE_STRING -> {
					if (!json.isString()) {
						throw new IllegalArgumentException();
					}
					yield Value.createStringValue(json.asString());
				}
				case TYPE_INT64 -> {
					if (json.isIntegralNumber()) {
						yield Value.createInt64Value(json.longValue());
					}
					if (json.isString()) {
						yield Value.createInt64Value(Long.parseLong(json.asString().trim()));
					}
					throw new IllegalArgumentException();
				}
				case TYPE_DOUBLE -> {
					if (json.isNumber()) {
						yield Value.createDoubleValue(json.doubleValue());
					}
					if (json.isString()) {
						yield Value.createDoubleValue(Double.parseDouble(json.asString().trim()));
					}
					throw new IllegalArgumentException();
				}
				case TYPE_BOOL -> {
					if (json.isBoolean()) {
						yield Value.createBoolValue(json.booleanValue());
					}
					String text = json.asString().trim().toLowerCase(Locale.ROOT);
					if (!text.equals("true") && !text.equals("false")) {
						throw new IllegalArgumentException();
					}
					yield Value.createBoolValue(text.equals("true"));
				}
				case TYPE_TIMESTAMP -> {
					if (json.isNumber()) {
						yield Value
							.createTimestampValueFromUnixMicros(json.decimalValue().movePointRight(6).longValue());
					}
					yield Value.createTimestampValueFromUnixMicros(micros(parseTimestamp(json.asString())));
				}
				case TYPE_DATE -> Value.createDateValue(LocalDate.parse(json.asString().trim()));
				case TYPE_NUMERIC -> Value.createNumericValue(new BigDecimal(json.asString().trim()));
				default -> throw new IllegalArgumentException();
			};
		}
		catch (IllegalArgumentException | DateTimeException ex) {
			throw new BigQueryError("invalid", "Could not convert value '" + json + "' to " + restName(type)
					+ ". Field: " + column + "; Value: " + json.asString());
		}
	}

	static Instant parseTimestamp(String text) {
		var parsed = TIMESTAMP_TEXT.parseBest(text.trim(), OffsetDateTime::from, LocalDateTime::from);
		return parsed instanceof OffsetDateTime offset ? offset.toInstant()
				: ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
	}

	static long micros(Instant instant) {
		return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
	}

	/**
	 * A value as the text of a result cell: timestamps as seconds since the epoch
	 * ({@code 1768431600.123456}), or as microseconds when the caller asked for
	 * {@code formatOptions.useInt64Timestamp}.
	 */
	static String cell(Value value, boolean int64Timestamps) {
		if (value.isNull()) {
			return null;
		}
		return switch (value.getType().getKind()) {
			case TYPE_STRING -> value.getStringValue();
			case TYPE_INT64 -> Long.toString(value.getInt64Value());
			case TYPE_DOUBLE -> doubleText(value.getDoubleValue());
			case TYPE_BOOL -> Boolean.toString(value.getBoolValue());
			case TYPE_TIMESTAMP -> int64Timestamps ? Long.toString(value.getTimestampUnixMicros())
					: BigDecimal.valueOf(value.getTimestampUnixMicros()).movePointLeft(6).toPlainString();
			case TYPE_DATE -> value.getLocalDateValue().toString();
			case TYPE_DATETIME -> value.getLocalDateTimeValue().toString();
			case TYPE_NUMERIC -> value.getNumericValue().toPlainString();
			case TYPE_BYTES -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
			default -> throw new BigQueryError("invalidQuery", "cannot render " + value.getType().typeName());
		};
	}

	private static String doubleText(double value) {
		if (Double.isNaN(value)) {
			return "NaN";
		}
		if (Double.isInfinite(value)) {
			return value > 0 ? "Infinity" : "-Infinity";
		}
		return Double.toString(value);
	}

}
