package io.oddsapi.batch.odds;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What a row takes from the file rather than from the event: the folder's game date, the
 * snapshot times, where it came from and how its prices are written.
 *
 * @param captureTimestamp when the scrape ran: the time in the object's name, else the
 * object's creation
 * @param snapshotTag the scrape cycle's tag in the object's name ({@code snap-2130});
 * null when the name has none
 */
public record SnapshotContext(LocalDate gameDate, Instant snapshotTimestamp, Instant previousSnapshotTimestamp,
		Instant nextSnapshotTimestamp, String sourceFilePath, String dataSource, PriceFormat priceFormat,
		Instant captureTimestamp, String snapshotTag) {
}
