package io.oddsapi.batch.job;

import java.time.LocalDate;

/**
 * A row of the ledger {@code odds_api_published_objects}: one object a run finished, at
 * the generation it read, with the rows it gave; {@code outcome} is {@code published} or
 * {@code rejected}.
 */
public record PublishedObjectRow(String sourceFilePath, Long generation, Long sizeBytes, String endpoint,
		LocalDate gameDate, Long executionId, Long rowCount, String outcome) {

	public static final String TABLE = "odds_api_published_objects";

}
