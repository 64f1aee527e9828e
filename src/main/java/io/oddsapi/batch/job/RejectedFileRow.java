package io.oddsapi.batch.job;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A row of {@code odds_api_rejected_files}: an object that could not be published, and
 * why.
 */
public record RejectedFileRow(String sourceFilePath, LocalDate gameDate, String endpoint, String reason,
		Instant rejectedAt, Long executionId) {
}
