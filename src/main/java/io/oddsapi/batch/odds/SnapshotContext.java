package io.oddsapi.batch.odds;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What a row takes from the file rather than from the event: the folder's game date, the snapshot times, where it came
 * from and how its prices are written.
 */
public record SnapshotContext(LocalDate gameDate, Instant snapshotTimestamp, Instant previousSnapshotTimestamp,
		Instant nextSnapshotTimestamp, String sourceFilePath, String dataSource, PriceFormat priceFormat) {
}
