package io.oddsapi.batch.warehouse;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The statements every warehouse shares, generated from a {@link TableDefinition}: column
 * lists, the dedup order and the MERGE. {@code tableRef} turns a table name into how the
 * database names it (plain, or {@code `dataset.table`}); the game date goes in as a
 * literal, first in the ON clause, so that the target's partition is pruned (production
 * tables require a partition filter).
 */
public final class SharedSql {

	/** Columns that place a staged row: a run and the row's position in it. */
	public static final List<String> STAGING_POSITION = List.of("run_id", "object_index", "event_index", "row_ordinal");

	private final SqlDialect dialect;

	private final UnaryOperator<String> tableRef;

	public SharedSql(SqlDialect dialect, UnaryOperator<String> tableRef) {
		this.dialect = dialect;
		this.tableRef = tableRef;
	}

	public SqlDialect dialect() {
		return dialect;
	}

	public String ref(String table) {
		return tableRef.apply(table);
	}

	public String targetColumns(TableDefinition table) {
		return table.columns()
			.stream()
			.map(c -> c.name() + " " + dialect.type(c.type()) + (c.required() ? " NOT NULL" : ""))
			.collect(Collectors.joining(",\n  "));
	}

	/**
	 * Position columns, row columns and the data hash when the table keeps one: a staging
	 * row, in load order.
	 */
	public List<String> stagingColumns(TableDefinition table) {
		List<String> columns = new ArrayList<>(STAGING_POSITION);
		table.rowColumns().forEach(c -> columns.add(c.name()));
		table.filled(ColumnDefinition.Fill.DATA_HASH).ifPresent(c -> columns.add(c.name()));
		return columns;
	}

	public String stagingColumnType(TableDefinition table, String column) {
		if (STAGING_POSITION.contains(column)) {
			return dialect == SqlDialect.BIGQUERY ? "INT64" : column.equals("run_id") ? "BIGINT" : "INTEGER";
		}
		return dialect.type(table.column(column).type());
	}

	/**
	 * Latest snapshot, then latest file, then the last one staged: which row of a merge
	 * key a run keeps.
	 */
	public String dedupOrder(TableDefinition table) {
		return Stream.concat(table.latestFirst().stream(), Stream.of("object_index", "event_index", "row_ordinal"))
			.map(c -> c + " DESC")
			.collect(Collectors.joining(", "));
	}

	public String keyRank(TableDefinition table) {
		String partition = table.mergeKey().stream().map(k -> partitionKey(table, k)).collect(Collectors.joining(", "));
		return "ROW_NUMBER() OVER (PARTITION BY " + partition + " ORDER BY " + dedupOrder(table) + ")";
	}

	private String partitionKey(TableDefinition table, String column) {
		return table.column(column).type() == ColumnType.FLOAT64 ? dialect.partitionable(column) : column;
	}

	public String onClause(TableDefinition table, LocalDate gameDate) {
		Stream<String> keys = table.mergeKey().stream().map(k -> keyEquals(table.column(k)));
		return Stream.concat(Stream.of("t." + table.partitionColumn() + " = " + dialect.dateLiteral(gameDate)), keys)
			.collect(Collectors.joining("\n  AND "));
	}

	/**
	 * Null-safe equality of a key column. H2 and PostgreSQL cannot hash-join on IS NOT
	 * DISTINCT FROM, so a nullable key is compared through COALESCE with a value no odds
	 * ever take (the end-to-end benchmark found a day's MERGE 12 times slower the other
	 * way); BigQuery takes IS NOT DISTINCT FROM as it is.
	 */
	private String keyEquals(ColumnDefinition column) {
		String k = column.name();
		if (column.required()) {
			return "t." + k + " = s." + k;
		}
		String absent = dialect == SqlDialect.BIGQUERY ? null : switch (column.type()) {
			case FLOAT64 -> "-1.0E300";
			case INT64 -> "-9223372036854775807";
			case STRING -> "'\u0001'";
			default -> null;
		};
		return absent == null ? "t." + k + " IS NOT DISTINCT FROM s." + k
				: "COALESCE(t." + k + ", " + absent + ") = COALESCE(s." + k + ", " + absent + ")";
	}

	/**
	 * Inserts new keys, updates rows whose data changed, leaves identical rows alone.
	 * {@code source}: the run's staged rows, one per merge key; {@code publishedAt}: the
	 * expression of the publication time.
	 */
	public String merge(TableDefinition table, LocalDate gameDate, String source, String publishedAt) {
		List<String> updates = new ArrayList<>();
		List<String> insertColumns = new ArrayList<>();
		List<String> insertValues = new ArrayList<>();
		for (ColumnDefinition column : table.columns()) {
			String value = switch (column.fill()) {
				case ROW, DATA_HASH -> "s." + column.name();
				case FIRST_PUBLISHED, LAST_PUBLISHED -> publishedAt;
			};
			insertColumns.add(column.name());
			insertValues.add(value);
			if (column.fill() != ColumnDefinition.Fill.FIRST_PUBLISHED && !table.mergeKey().contains(column.name())) {
				updates.add(column.name() + " = " + value);
			}
		}
		return "MERGE INTO " + ref(table.name()) + " t\nUSING (" + source + ") s\nON " + onClause(table, gameDate)
				+ "\nWHEN MATCHED AND (" + changed(table) + ") THEN UPDATE SET " + String.join(", ", updates)
				+ "\nWHEN NOT MATCHED THEN INSERT (" + String.join(", ", insertColumns) + ")\n  VALUES ("
				+ String.join(", ", insertValues) + ")";
	}

	/**
	 * Rows as a query of literals, in staging's column order (row columns, then the data
	 * hash): the source of a MERGE for rows that are not staged.
	 */
	public String literalSource(TableDefinition table, List<Object[]> rows) {
		List<ColumnDefinition> columns = new ArrayList<>(table.rowColumns());
		table.filled(ColumnDefinition.Fill.DATA_HASH).ifPresent(columns::add);
		return rows.stream().map(values -> {
			List<String> select = new ArrayList<>();
			for (int i = 0; i < columns.size(); i++) {
				select.add(dialect.literal(columns.get(i).type(), values[i]) + " AS " + columns.get(i).name());
			}
			return "SELECT " + String.join(", ", select);
		}).collect(Collectors.joining("\nUNION ALL\n"));
	}

	/**
	 * A row changed when its data hash did, or, for tables without one, any value column
	 * did.
	 */
	private String changed(TableDefinition table) {
		return table.filled(ColumnDefinition.Fill.DATA_HASH)
			.map(c -> "t." + c.name() + " IS DISTINCT FROM s." + c.name())
			.orElseGet(() -> table.valueColumns()
				.stream()
				.map(c -> "t." + c.name() + " IS DISTINCT FROM s." + c.name())
				.collect(Collectors.joining(" OR ")));
	}

}
