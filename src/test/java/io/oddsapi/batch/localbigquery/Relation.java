package io.oddsapi.batch.localbigquery;

import java.util.List;

import com.google.zetasql.Type;
import com.google.zetasql.Value;

/**
 * A table or a view of the local BigQuery, immutable: a change makes a new one, so a
 * transaction's snapshot is a map of these. Rows hold the columns' values in column
 * order.
 */
record Relation(String key, List<Column> columns, List<List<Value>> rows, String viewSql, String partitionColumn,
		List<String> clustering, Long expirationMillis, boolean requirePartitionFilter, long createdMillis,
		long modifiedMillis) {

	record Column(String name, Type type, boolean required) {
	}

	boolean isView() {
		return viewSql != null;
	}

	Relation withRows(List<List<Value>> newRows, long now) {
		return new Relation(key, columns, List.copyOf(newRows), viewSql, partitionColumn, clustering, expirationMillis,
				requirePartitionFilter, createdMillis, now);
	}

	int columnIndex(String name) {
		for (int i = 0; i < columns.size(); i++) {
			if (columns.get(i).name().equalsIgnoreCase(name)) {
				return i;
			}
		}
		return -1;
	}

	boolean expired(long now) {
		return expirationMillis != null && expirationMillis <= now;
	}
}
