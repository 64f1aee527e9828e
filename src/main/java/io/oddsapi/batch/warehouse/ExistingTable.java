package io.oddsapi.batch.warehouse;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A target table as the database has it, before the job writes to it.
 *
 * @param types column name to type: a {@link ColumnType} name where the database's type
 * is one, else the database's own
 * @param notNull the columns the table declares NOT NULL (REQUIRED)
 * @param partitionColumn null where the database does not partition (H2, PostgreSQL here)
 * @param clustering empty where it does not cluster
 */
public record ExistingTable(Map<String, String> types, Set<String> notNull, String partitionColumn,
		List<String> clustering, boolean requirePartitionFilter) {

	/**
	 * {@code partitioned by game_date, clustered by game_id, ...; require_partition_filter},
	 * or that it has none.
	 */
	public String layout() {
		if (partitionColumn == null && clustering.isEmpty()) {
			return "no partitioning or clustering";
		}
		StringBuilder layout = new StringBuilder();
		if (partitionColumn != null) {
			layout.append("partitioned by ").append(partitionColumn);
		}
		if (!clustering.isEmpty()) {
			layout.append(layout.isEmpty() ? "" : ", ").append("clustered by ").append(String.join(", ", clustering));
		}
		if (requirePartitionFilter) {
			layout.append("; require_partition_filter");
		}
		return layout.toString();
	}
}
