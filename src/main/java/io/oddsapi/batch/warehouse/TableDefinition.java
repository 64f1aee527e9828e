package io.oddsapi.batch.warehouse;

import java.util.List;
import java.util.Optional;

/**
 * A target table as {@code job-config/tables/*.yml} describes it; every SQL statement is
 * generated from this.
 */
public record TableDefinition(String name, String rowType, String partitionColumn, List<String> clustering,
		List<String> mergeKey, List<String> latestFirst, List<ColumnDefinition> columns, boolean ledger,
		Optional<AnalyticsDefinition> analytics) {

	/**
	 * The columns a table with {@code role: ledger} must have: what a manifest compares
	 * against.
	 */
	public static final List<String> LEDGER_COLUMNS = List.of("source_file_path", "generation", "size_bytes",
			"endpoint", "game_date");

	public String stagingName() {
		return "stg_" + name;
	}

	public List<ColumnDefinition> rowColumns() {
		return columns.stream().filter(ColumnDefinition::fromRow).toList();
	}

	public ColumnDefinition column(String columnName) {
		return columns.stream()
			.filter(c -> c.name().equals(columnName))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(name + " has no column " + columnName));
	}

	public Optional<ColumnDefinition> filled(ColumnDefinition.Fill fill) {
		return columns.stream().filter(c -> c.fill() == fill).findFirst();
	}

	/** Row columns that are not part of the merge key: what an update changes. */
	public List<ColumnDefinition> valueColumns() {
		return rowColumns().stream().filter(c -> !mergeKey.contains(c.name())).toList();
	}
}
