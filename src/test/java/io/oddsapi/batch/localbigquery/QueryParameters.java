package io.oddsapi.batch.localbigquery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.zetasql.ArrayType;
import com.google.zetasql.StructType;
import com.google.zetasql.Type;
import com.google.zetasql.TypeFactory;
import com.google.zetasql.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * A query job's {@code queryParameters} ("Running parameterized queries"): named ones
 * ({@code @name}) as they are, positional ones ({@code ?}) renamed {@code _p0},
 * {@code _p1}, ... in order, and the statement's question marks rewritten to those names,
 * since the evaluator binds parameters by name only. Scalars, arrays of scalars and
 * structs of scalars.
 */
final class QueryParameters {

	static final String POSITIONAL = "_p";

	private QueryParameters() {
	}

	/** The parameters of a {@code configuration.query} (none when it has none). */
	static Map<String, Value> of(JsonNode query) {
		Map<String, Value> values = new LinkedHashMap<>();
		JsonNode parameters = query.path("queryParameters");
		boolean positional = isPositional(query);
		for (int i = 0; i < parameters.size(); i++) {
			JsonNode parameter = parameters.get(i);
			String name = positional ? POSITIONAL + i : parameter.path("name").asString("");
			if (name.isEmpty()) {
				throw new BigQueryError("invalid", "Query parameter " + i + " has no name, and the parameter mode "
						+ "is " + query.path("parameterMode").asString("NAMED"));
			}
			values.put(name, value(parameter.path("parameterType"), parameter.path("parameterValue"), name));
		}
		return values;
	}

	/**
	 * The statement with each {@code ?} outside literals and comments named as
	 * {@link #of} names it.
	 */
	static String named(String sql, JsonNode query) {
		return isPositional(query) ? positionalAsNamed(sql) : sql;
	}

	/**
	 * POSITIONAL as the request says, or, where it names no mode (Google's Java client
	 * leaves it out), when no parameter has a name.
	 */
	private static boolean isPositional(JsonNode query) {
		String mode = query.path("parameterMode").asString("");
		if (!mode.isEmpty()) {
			return mode.equalsIgnoreCase("POSITIONAL");
		}
		JsonNode parameters = query.path("queryParameters");
		for (JsonNode parameter : parameters) {
			if (!parameter.path("name").asString("").isEmpty()) {
				return false;
			}
		}
		return !parameters.isEmpty();
	}

	private static Value value(JsonNode type, JsonNode value, String name) {
		String kind = type.path("type").asString("").toUpperCase(Locale.ROOT);
		if (kind.equals("ARRAY")) {
			Type element = BigQueryTypes.type(type.path("arrayType").path("type").asString(""));
			ArrayType array = TypeFactory.createArrayType(element);
			if (!value.has("arrayValues")) {
				return Value.createNullValue(array);
			}
			List<Value> elements = new ArrayList<>();
			value.path("arrayValues").forEach(e -> elements.add(scalar(element, e, name)));
			return Value.createArrayValue(array, elements);
		}
		if (kind.equals("STRUCT")) {
			return struct(type, value, name);
		}
		return scalar(BigQueryTypes.type(kind), value, name);
	}

	/**
	 * A STRUCT of scalars: {@code structTypes} name its fields, {@code structValues} give
	 * them by name.
	 */
	private static Value struct(JsonNode type, JsonNode value, String name) {
		List<StructType.StructField> fields = new ArrayList<>();
		List<Value> values = new ArrayList<>();
		for (JsonNode field : type.path("structTypes")) {
			String fieldName = field.path("name").asString("");
			Type fieldType = BigQueryTypes.type(field.path("type").path("type").asString(""));
			fields.add(new StructType.StructField(fieldName, fieldType));
			values.add(scalar(fieldType, value.path("structValues").path(fieldName), name + "." + fieldName));
		}
		StructType struct = TypeFactory.createStructType(fields);
		return value.has("structValues") ? Value.createStructValue(struct, values) : Value.createNullValue(struct);
	}

	private static Value scalar(Type type, JsonNode value, String name) {
		JsonNode text = value.path("value");
		if (text.isMissingNode() || text.isNull()) {
			return Value.createNullValue(type);
		}
		return BigQueryTypes.fromJson(StringNode.valueOf(text.asString()), type, name);
	}

	/**
	 * Each {@code ?} as {@code @_pN}, skipping string and byte literals, quoted names and
	 * comments.
	 */
	static String positionalAsNamed(String sql) {
		StringBuilder out = new StringBuilder(sql.length() + 16);
		int next = 0;
		int i = 0;
		while (i < sql.length()) {
			char c = sql.charAt(i);
			int end = skipped(sql, i);
			if (end > i) {
				out.append(sql, i, end);
				i = end;
			}
			else {
				out.append(c == '?' ? "@" + POSITIONAL + next++ : String.valueOf(c));
				i++;
			}
		}
		return out.toString();
	}

	/**
	 * Where a literal, quoted name or comment starting at {@code i} ends ({@code i} when
	 * none starts there).
	 */
	private static int skipped(String sql, int i) {
		char c = sql.charAt(i);
		if (sql.startsWith("--", i) || c == '#') {
			int line = sql.indexOf('\n', i);
			return line < 0 ? sql.length() : line;
		}
		if (sql.startsWith("/*", i)) {
			int close = sql.indexOf("*/", i + 2);
			return close < 0 ? sql.length() : close + 2;
		}
		if (c == '\'' || c == '"' || c == '`') {
			String quote = sql.startsWith(String.valueOf(c).repeat(3), i) ? String.valueOf(c).repeat(3)
					: String.valueOf(c);
			int j = i + quote.length();
			while (j < sql.length() && !sql.startsWith(quote, j)) {
				j += sql.charAt(j) == '\\' ? 2 : 1;
			}
			return Math.min(sql.length(), j + quote.length());
		}
		return i;
	}

}
