package io.oddsapi.batch.warehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The NOT NULL columns of adopted tables that job-config lets be empty: a row without a value for one would fail the
 * whole MERGE, so it is rejected before staging, with the reason.
 */
public final class RowRequirements {

	/** Nothing required beyond job-config. */
	public static final RowRequirements NONE = new RowRequirements(null, Map.of());

	private final RowTables rowTables;

	private final Map<String, List<String>> requiredByTable;

	public RowRequirements(RowTables rowTables, Map<String, List<String>> requiredByTable) {
		this.rowTables = rowTables;
		this.requiredByTable = Map.copyOf(requiredByTable);
	}

	/** The columns the row's table requires that the row leaves empty; none when it may be written. */
	public List<String> missing(Record row) {
		if (requiredByTable.isEmpty()) {
			return List.of();
		}
		RowBinder binder = rowTables.binderFor(row);
		List<String> required = requiredByTable.getOrDefault(binder.table().name(), List.of());
		if (required.isEmpty()) {
			return List.of();
		}
		Object[] values = binder.values(row);
		List<ColumnDefinition> columns = binder.table().rowColumns();
		List<String> missing = new ArrayList<>();
		for (int i = 0; i < columns.size(); i++) {
			if (values[i] == null && required.contains(columns.get(i).name())) {
				missing.add(columns.get(i).name());
			}
		}
		return missing;
	}

	/** The rows that may be written; each left out is counted in {@code rejected} by its table and columns. */
	public List<Record> keep(List<Record> rows, Map<String, Integer> rejected) {
		if (requiredByTable.isEmpty()) {
			return rows;
		}
		List<Record> kept = new ArrayList<>(rows.size());
		for (Record row : rows) {
			List<String> missing = missing(row);
			if (missing.isEmpty()) {
				kept.add(row);
			}
			else {
				rejected.merge(rowTables.binderFor(row).table().name() + " requires " + String.join(", ", missing),
						1, Integer::sum);
			}
		}
		return kept;
	}
}
