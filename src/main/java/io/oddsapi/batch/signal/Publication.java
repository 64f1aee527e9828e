package io.oddsapi.batch.signal;

import java.util.List;
import java.util.Map;

/**
 * What a downstream job needs to know when a run has published: which endpoint and date,
 * the execution, the rows each table took, and the date's flagged games (game id ->
 * reasons) after it.
 */
public record Publication(String endpoint, String gameDate, long executionId, long run, List<TableRows> tables,
		Map<String, String> flaggedGames) {

	/** Rows a MERGE inserted and updated (-1 where the warehouse did not say). */
	public record TableRows(String table, long inserted, long updated) {
	}
}
