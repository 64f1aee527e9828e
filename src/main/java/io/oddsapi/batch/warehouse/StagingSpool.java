package io.oddsapi.batch.warehouse;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Rows staged in the application's database for a warehouse that publishes elsewhere (BigQuery): staged and discarded
 * in the job's transactions like the JDBC warehouse's own, then read back page by page and cleared by the publisher.
 */
public interface StagingSpool {

	RowTables rowTables();

	/** Creates the staging tables only. */
	void prepareStaging();

	void stage(long runId, List<StagedRow> rows);

	void discardStaged(long runId, StagePosition from);

	long stagedCount(long runId, TableDefinition table);

	/** Staged rows left once duplicates of a key are dropped, as the MERGE sees them. */
	long dedupedCount(long runId, TableDefinition table);

	/** A run's staged rows of a table in staging order, column -> value, fetched a page at a time. */
	Iterator<Map<String, Object>> stagedRows(long runId, TableDefinition table);

	void clearStaged(long runId, TableDefinition table);

}
