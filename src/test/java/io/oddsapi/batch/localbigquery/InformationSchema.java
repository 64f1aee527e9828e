package io.oddsapi.batch.localbigquery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.google.zetasql.Type;
import com.google.zetasql.TypeFactory;
import com.google.zetasql.Value;
import com.google.zetasql.ZetaSQLOptions.ProductMode;
import com.google.zetasql.ZetaSQLType.TypeKind;

/**
 * A dataset's {@code INFORMATION_SCHEMA.TABLES} and {@code INFORMATION_SCHEMA.COLUMNS}
 * ("TABLES view", "COLUMNS view"), made from the tables a statement can see: the
 * documented columns that describe what this BigQuery keeps (name, type, kind, column
 * order, nullability, partitioning and clustering), in table order.
 */
final class InformationSchema {

	private static final Type STRING = TypeFactory.createSimpleType(TypeKind.TYPE_STRING);

	private static final Type INT64 = TypeFactory.createSimpleType(TypeKind.TYPE_INT64);

	private static final Type TIMESTAMP = TypeFactory.createSimpleType(TypeKind.TYPE_TIMESTAMP);

	private InformationSchema() {
	}

	/**
	 * The view {@code path} names ({@code dataset.INFORMATION_SCHEMA.TABLES}, quoted in
	 * any way, with or without the project; the default dataset's when the dataset is
	 * left out), or empty when it names none.
	 */
	static Optional<Relation> of(List<String> path, String defaultDataset, String project, Map<String, Relation> view,
			long now) {
		List<String> parts = path.stream().flatMap(p -> Arrays.stream(p.replace("`", "").split("\\."))).toList();
		if (parts.size() < 2 || !parts.get(parts.size() - 2).equalsIgnoreCase("INFORMATION_SCHEMA")) {
			return Optional.empty();
		}
		String dataset = parts.size() >= 3 ? parts.get(parts.size() - 3) : defaultDataset;
		if (dataset == null) {
			throw new BigQueryError("invalid",
					"Table \"" + String.join(".", parts) + "\" must be qualified with a dataset (e.g. dataset.table).");
		}
		List<Relation> tables = view.values()
			.stream()
			.filter(r -> r.key().startsWith(dataset + ".") && !r.expired(now))
			.sorted(Comparator.comparing(Relation::key))
			.toList();
		String name = parts.get(parts.size() - 1).toUpperCase(Locale.ROOT);
		return switch (name) {
			case "TABLES" -> Optional.of(tables(project, dataset, tables, now));
			case "COLUMNS" -> Optional.of(columns(project, dataset, tables, now));
			default -> throw new BigQueryError("invalidQuery", "the local BigQuery has no INFORMATION_SCHEMA." + name);
		};
	}

	private static Relation tables(String project, String dataset, List<Relation> tables, long now) {
		List<List<Value>> rows = new ArrayList<>();
		for (Relation table : tables) {
			rows.add(List.of(text(project), text(dataset), text(tableName(table)),
					text(table.isView() ? "VIEW" : "BASE TABLE"), text(table.isView() ? "NO" : "YES"), text("NO"),
					Value.createTimestampValueFromUnixMicros(table.createdMillis() * 1000)));
		}
		return relation(dataset + ".INFORMATION_SCHEMA.TABLES",
				List.of(column("table_catalog", STRING), column("table_schema", STRING), column("table_name", STRING),
						column("table_type", STRING), column("is_insertable_into", STRING), column("is_typed", STRING),
						column("creation_time", TIMESTAMP)),
				rows, now);
	}

	private static Relation columns(String project, String dataset, List<Relation> tables, long now) {
		List<List<Value>> rows = new ArrayList<>();
		for (Relation table : tables) {
			for (int i = 0; i < table.columns().size(); i++) {
				Relation.Column column = table.columns().get(i);
				int clustered = table.clustering() == null ? -1 : table.clustering().indexOf(column.name());
				rows.add(List.of(text(project), text(dataset), text(tableName(table)), text(column.name()),
						Value.createInt64Value(i + 1), text(column.required() ? "NO" : "YES"),
						text(column.type().typeName(ProductMode.PRODUCT_EXTERNAL)), text("NO"), text("NO"),
						text(column.name().equals(table.partitionColumn()) ? "YES" : "NO"),
						clustered < 0 ? Value.createNullValue(INT64) : Value.createInt64Value(clustered + 1)));
			}
		}
		return relation(dataset + ".INFORMATION_SCHEMA.COLUMNS",
				List.of(column("table_catalog", STRING), column("table_schema", STRING), column("table_name", STRING),
						column("column_name", STRING), column("ordinal_position", INT64), column("is_nullable", STRING),
						column("data_type", STRING), column("is_hidden", STRING), column("is_system_defined", STRING),
						column("is_partitioning_column", STRING), column("clustering_ordinal_position", INT64)),
				rows, now);
	}

	private static String tableName(Relation table) {
		return table.key().substring(table.key().indexOf('.') + 1);
	}

	private static Relation relation(String key, List<Relation.Column> columns, List<List<Value>> rows, long now) {
		return new Relation(key, columns, rows, null, null, List.of(), null, false, now, now);
	}

	private static Relation.Column column(String name, Type type) {
		return new Relation.Column(name, type, false);
	}

	private static Value text(String value) {
		return Value.createStringValue(value);
	}

}
