package io.oddsapi.batch.warehouse;

import java.io.Serializable;
import java.util.List;

/** What one publication did to each target table. */
public record PublishReport(List<TableReport> tables) implements Serializable {

	/** {@code merged}: staged rows left after collapsing duplicate keys. */
	public record TableReport(String table, long staged, long merged, long inserted, long updated)
			implements Serializable {
	}

	public long mergeStatements() {
		return tables.size();
	}
}
