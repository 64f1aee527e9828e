package io.oddsapi.batch.localbigquery;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import com.google.protobuf.ByteString;
import com.google.zetasql.StructType;
import com.google.zetasql.Type;
import com.google.zetasql.TypeFactory;
import com.google.zetasql.Value;
import com.google.zetasql.ZetaSQLType.TypeKind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

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
			case TYPE_BIGNUMERIC -> "BIGNUMERIC";
			case TYPE_TIME -> "TIME";
			case TYPE_JSON -> "JSON";
			case TYPE_STRUCT -> "RECORD";
			// an array's field is its element's type in REPEATED mode (field)
			case TYPE_ARRAY -> restName(type.asArray().getElementType());
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
				case TYPE_DATETIME ->
					Value.createDatetimeValue(LocalDateTime.parse(json.asString().trim().replace(' ', 'T')));
				case TYPE_BYTES ->
					Value.createBytesValue(ByteString.copyFrom(Base64.getDecoder().decode(json.asString())));
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
			// BigQuery prints a NUMERIC without trailing zeros: NUMERIC '1.50' is "1.5"
			case TYPE_NUMERIC -> value.getNumericValue().stripTrailingZeros().toPlainString();
			case TYPE_BYTES -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
			default -> throw new BigQueryError("invalidQuery", "cannot render " + value.getType().typeName());
		};
	}

	/**
	 * A result column as a schema field of the REST API: an ARRAY is its element's type
	 * in REPEATED mode, a STRUCT a RECORD with its fields (an unnamed one
	 * {@code _field_N}, counted from 1).
	 */
	static ObjectNode field(String name, Type type, boolean required) {
		if (type.getKind() == TypeKind.TYPE_ARRAY) {
			return field(name, type.asArray().getElementType(), false).put("mode", "REPEATED");
		}
		ObjectNode field = NODES.objectNode().put("name", name).put("type", restName(type));
		if (type.getKind() == TypeKind.TYPE_STRUCT) {
			ArrayNode fields = field.putArray("fields");
			List<StructType.StructField> members = type.asStruct().getFieldList();
			for (int i = 0; i < members.size(); i++) {
				String member = members.get(i).getName();
				fields.add(field(member.isEmpty() ? "_field_" + (i + 1) : member, members.get(i).getType(), false));
			}
		}
		return field.put("mode", required ? "REQUIRED" : "NULLABLE");
	}

	/**
	 * A value as a result cell's {@code v} in the REST encoding: scalars as text, an
	 * ARRAY as a list of {@code {"v": ...}} (empty for NULL, which BigQuery returns as an
	 * empty array), a STRUCT as {@code {"f": [{"v": ...}, ...]}}, JSON as its text.
	 */
	static JsonNode cellValue(Value value, boolean int64Timestamps) {
		Type type = value.getType();
		if (type.getKind() == TypeKind.TYPE_ARRAY) {
			ArrayNode elements = NODES.arrayNode();
			if (!value.isNull()) {
				value.getElementList().forEach(e -> elements.addObject().set("v", cellValue(e, int64Timestamps)));
			}
			return elements;
		}
		if (value.isNull()) {
			return NODES.nullNode();
		}
		return switch (type.getKind()) {
			case TYPE_STRUCT -> {
				ObjectNode struct = NODES.objectNode();
				ArrayNode fields = struct.putArray("f");
				value.getFieldList().forEach(f -> fields.addObject().set("v", cellValue(f, int64Timestamps)));
				yield struct;
			}
			case TYPE_JSON -> NODES.stringNode(value.getJsonValue());
			case TYPE_BIGNUMERIC -> NODES.stringNode(value.getBigNumericValue().stripTrailingZeros().toPlainString());
			case TYPE_TIME -> {
				LocalTime time = value.getLocalTimeValue();
				String fraction = time.getNano() == 0 ? "" : String.format(Locale.ROOT, ".%06d", time.getNano() / 1000);
				yield NODES.stringNode(
						String.format(Locale.ROOT, "%02d:%02d:%02d", time.getHour(), time.getMinute(), time.getSecond())
								+ fraction);
			}
			default -> NODES.stringNode(cell(value, int64Timestamps));
		};
	}

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

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
