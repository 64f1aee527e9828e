package io.oddsapi.batch.warehouse;

import java.io.Serializable;
import java.util.List;

/**
 * What one publication did to each target table, and how many of its jobs a backend had
 * to retry (BigQuery's concurrent-update aborts and internal errors; always 0 on JDBC).
 */
public record PublishReport(List<TableReport> tables, int retries) implements Serializable {

	public PublishReport(List<TableReport> tables) {
		this(tables, 0);
	}

	/** {@code merged}: staged rows left after collapsing duplicate keys. */
	public record TableReport(String table, long staged, long merged, long inserted,
			long updated) implements Serializable {
	}

	public long mergeStatements() {
		return tables.size();
	}
}
