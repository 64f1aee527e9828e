package io.oddsapi.batch.odds;

import java.time.Instant;

/**
 * The {@code {timestamp, previous_timestamp, next_timestamp, data}} wrapper of historical
 * responses; all fields null for the live shapes, which carry no snapshot time of their
 * own.
 */
public record HistoricalEnvelope(Instant timestamp, Instant previousTimestamp, Instant nextTimestamp) {

	public static final HistoricalEnvelope NONE = new HistoricalEnvelope(null, null, null);

}
