package io.oddsapi.batch.warehouse;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Generates every statement the JDBC warehouse runs from a {@link TableDefinition}; {@link SqlDialect} holds the few
 * differences between databases. Run-specific values are bound ({@code :run_id}, {@code :published_at}) except the
 * game date, which is a literal first in the ON clause so that the target's partition is pruned.
 */
public final class JdbcSql {

	static final List<String> STAGING_POSITION = List.of("run_id", "object_index", "event_index", "row_ordinal");

	private final SqlDialect dialect;

	public JdbcSql(SqlDialect dialect) {
		this.dialect = dialect;
	}

	public List<String> createTarget(TableDefinition table) {
		String columns = table.columns()
			.stream()
			.map(c -> c.name() + " " + dialect.type(c.type()) + (c.required() ? " NOT NULL" : ""))
			.collect(Collectors.joining(",\n  "));
		List<String> statements = new ArrayList<>();
		statements.add("CREATE TABLE IF NOT EXISTS " + table.name() + " (\n  " + columns + "\n)");
		List<String> indexColumns = Stream
			.concat(Stream.of(table.partitionColumn()),
					table.mergeKey().stream().filter(k -> !k.equals(table.partitionColumn())).limit(2))
			.toList();
		statements.add("CREATE INDEX IF NOT EXISTS ix_" + table.name() + "_key ON " + table.name() + " ("
				+ String.join(", ", indexColumns) + ")");
		for (ViewDefinition view : table.views()) {
			statements.add(createView(table, view));
		}
		return statements;
	}

	private String createView(TableDefinition table, ViewDefinition view) {
		String select = view.columns()
			.entrySet()
			.stream()
			.map(e -> e.getValue().equals(e.getKey()) ? e.getKey() : e.getValue() + " AS " + e.getKey())
			.collect(Collectors.joining(", "));
		String where = view.where()
			.entrySet()
			.stream()
			.map(e -> e.getKey() + " = '" + e.getValue().replace("'", "''") + "'")
			.collect(Collectors.joining(" AND "));
		return "CREATE OR REPLACE VIEW " + view.name() + " AS SELECT " + select + " FROM " + table.name()
				+ (where.isEmpty() ? "" : " WHERE " + where);
	}

	public List<String> createStaging(TableDefinition table) {
		String columns = stagingColumns(table).stream().map(c -> {
			if (STAGING_POSITION.contains(c)) {
				return c + (c.equals("run_id") ? " BIGINT" : " INTEGER") + " NOT NULL";
			}
			return c + " " + dialect.type(table.column(c).type());
		}).collect(Collectors.joining(",\n  "));
		return List.of("CREATE TABLE IF NOT EXISTS " + table.stagingName() + " (\n  " + columns + "\n)",
				"CREATE INDEX IF NOT EXISTS ix_" + table.stagingName() + "_run ON " + table.stagingName()
						+ " (run_id, object_index, event_index)");
	}

	/** Position columns, row columns and the data hash when the table keeps one, in insert order. */
	public List<String> stagingColumns(TableDefinition table) {
		List<String> columns = new ArrayList<>(STAGING_POSITION);
		table.rowColumns().forEach(c -> columns.add(c.name()));
		table.filled(ColumnDefinition.Fill.DATA_HASH).ifPresent(c -> columns.add(c.name()));
		return columns;
	}

	public String insertStaging(TableDefinition table) {
		List<String> columns = stagingColumns(table);
		return "INSERT INTO " + table.stagingName() + " (" + String.join(", ", columns) + ") VALUES ("
				+ columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
	}

	public String publishedObjects(TableDefinition ledger) {
		return "SELECT source_file_path, generation, size_bytes FROM " + ledger.name()
				+ " WHERE game_date = :game_date AND endpoint = :endpoint";
	}

	public static final String GUARD_TABLE = "odds_publish_guard";

	public String createGuard() {
		return "CREATE TABLE IF NOT EXISTS " + GUARD_TABLE + " (game_date DATE PRIMARY KEY)";
	}

	/** Makes sure the date's guard row exists, without failing when another transaction adds it first. */
	public String insertGuard() {
		return switch (dialect) {
			case H2 -> "MERGE INTO " + GUARD_TABLE + " KEY (game_date) VALUES (:game_date)";
			case POSTGRESQL -> "INSERT INTO " + GUARD_TABLE + " (game_date) VALUES (:game_date) ON CONFLICT DO NOTHING";
		};
	}

	/** Row lock on the date's guard: publications of one date queue here, so two MERGEs never insert the same key. */
	public String lockGuard() {
		return "SELECT game_date FROM " + GUARD_TABLE + " WHERE game_date = :game_date FOR UPDATE";
	}

	public String countStaged(TableDefinition table) {
		return "SELECT COUNT(*) FROM " + table.stagingName() + " WHERE run_id = :run_id";
	}

	public String discardStaged(TableDefinition table) {
		return "DELETE FROM " + table.stagingName() + " WHERE run_id = :run_id AND (object_index > :object_index"
				+ " OR (object_index = :object_index AND event_index >= :event_index))";
	}

	public String clearStaging(TableDefinition table) {
		return "DELETE FROM " + table.stagingName() + " WHERE run_id = :run_id";
	}

	/** The run's staged rows with one row per merge key: the latest snapshot, then the latest file, then the last staged. */
	String dedupedSource(TableDefinition table) {
		String order = Stream
			.concat(table.latestFirst().stream(), Stream.of("object_index", "event_index", "row_ordinal"))
			.map(c -> c + " DESC")
			.collect(Collectors.joining(", "));
		return "SELECT * FROM (SELECT staged.*, ROW_NUMBER() OVER (PARTITION BY " + String.join(", ", table.mergeKey())
				+ " ORDER BY " + order + ") AS key_rank FROM " + table.stagingName()
				+ " staged WHERE staged.run_id = :run_id) ranked WHERE key_rank = 1";
	}

	private String onClause(TableDefinition table, LocalDate gameDate) {
		Stream<String> keys = table.mergeKey().stream().map(k -> {
			boolean nullable = !table.column(k).required();
			return nullable ? "t." + k + " IS NOT DISTINCT FROM s." + k : "t." + k + " = s." + k;
		});
		return Stream.concat(Stream.of("t." + table.partitionColumn() + " = " + dialect.dateLiteral(gameDate)), keys)
			.collect(Collectors.joining("\n  AND "));
	}

	public String countDeduped(TableDefinition table) {
		return "SELECT COUNT(*) FROM (" + dedupedSource(table) + ") s";
	}

	public String countNewKeys(TableDefinition table, LocalDate gameDate) {
		return "SELECT COUNT(*) FROM (" + dedupedSource(table) + ") s WHERE NOT EXISTS (SELECT 1 FROM " + table.name()
				+ " t WHERE " + onClause(table, gameDate) + ")";
	}

	public String merge(TableDefinition table, LocalDate gameDate) {
		List<String> updates = new ArrayList<>();
		List<String> insertColumns = new ArrayList<>();
		List<String> insertValues = new ArrayList<>();
		for (ColumnDefinition column : table.columns()) {
			String source = switch (column.fill()) {
				case ROW, DATA_HASH -> "s." + column.name();
				case FIRST_PUBLISHED, LAST_PUBLISHED -> ":published_at";
			};
			insertColumns.add(column.name());
			insertValues.add(source);
			boolean updated = column.fill() != ColumnDefinition.Fill.FIRST_PUBLISHED
					&& !table.mergeKey().contains(column.name());
			if (updated) {
				updates.add(column.name() + " = " + source);
			}
		}
		return "MERGE INTO " + table.name() + " t\nUSING (" + dedupedSource(table) + ") s\nON " + onClause(table, gameDate)
				+ "\nWHEN MATCHED AND (" + changed(table) + ") THEN UPDATE SET " + String.join(", ", updates)
				+ "\nWHEN NOT MATCHED THEN INSERT (" + String.join(", ", insertColumns) + ")\n  VALUES ("
				+ String.join(", ", insertValues) + ")";
	}

	/** A row changed when its data hash did, or, for tables without one, any value column did. */
	private String changed(TableDefinition table) {
		return table.filled(ColumnDefinition.Fill.DATA_HASH)
			.map(c -> "t." + c.name() + " IS DISTINCT FROM s." + c.name())
			.orElseGet(() -> table.valueColumns()
				.stream()
				.map(c -> "t." + c.name() + " IS DISTINCT FROM s." + c.name())
				.collect(Collectors.joining(" OR ")));
	}
}
