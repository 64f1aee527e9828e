package io.oddsapi.batch.warehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The columns a row must fill to be written: those job-config requires, and the NOT NULL
 * columns of adopted tables that job-config lets be empty. A row without a value for one
 * would fail the whole MERGE, so it is rejected before staging, with the reason. Only
 * those columns are read.
 */
public final class RowRequirements {

	private final RowTables rowTables;

	private final Map<String, List<String>> notNullThere;

	private final Map<RowBinder, int[]> requiredIndexes = new ConcurrentHashMap<>();

	/**
	 * @param notNullThere by table, NOT NULL columns of existing tables beyond
	 * job-config's required ones
	 */
	public RowRequirements(RowTables rowTables, Map<String, List<String>> notNullThere) {
		this.rowTables = rowTables;
		this.notNullThere = Map.copyOf(notNullThere);
	}

	/**
	 * The columns the row's table requires that the row leaves empty; none when it may be
	 * written.
	 */
	public List<String> missing(Record row) {
		RowBinder binder = rowTables.binderFor(row);
		List<ColumnDefinition> columns = binder.table().rowColumns();
		List<String> missing = List.of();
		for (int index : requiredIndexes.computeIfAbsent(binder, this::required)) {
			if (binder.value(row, index) == null) {
				if (missing.isEmpty()) {
					missing = new ArrayList<>();
				}
				missing.add(columns.get(index).name());
			}
		}
		return missing;
	}

	private int[] required(RowBinder binder) {
		List<String> there = notNullThere.getOrDefault(binder.table().name(), List.of());
		List<ColumnDefinition> columns = binder.table().rowColumns();
		List<Integer> indexes = new ArrayList<>();
		for (int i = 0; i < columns.size(); i++) {
			if (columns.get(i).required() || there.contains(columns.get(i).name())) {
				indexes.add(i);
			}
		}
		return indexes.stream().mapToInt(Integer::intValue).toArray();
	}

	/**
	 * The rows that may be written; each left out is counted in {@code rejected} by its
	 * table and columns.
	 */
	public List<Record> keep(List<Record> rows, Map<String, Integer> rejected) {
		List<Record> kept = new ArrayList<>(rows.size());
		for (Record row : rows) {
			List<String> missing = missing(row);
			if (missing.isEmpty()) {
				kept.add(row);
			}
			else {
				rejected.merge(rowTables.binderFor(row).table().name() + " requires " + String.join(", ", missing), 1,
						Integer::sum);
			}
		}
		return kept;
	}

}
