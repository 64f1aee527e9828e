package io.oddsapi.batch.job;

import io.oddsapi.batch.odds.OddsEvent;
import io.oddsapi.batch.odds.SnapshotContext;
import io.oddsapi.batch.source.BlobObject;

/**
 * What the reader hands on: an event of an accepted object, then the end of that object;
 * or, for a rejected object, the verdict alone.
 */
public sealed interface SourceItem {

	int objectIndex();

	record Event(int objectIndex, int eventIndex, OddsEvent event, SnapshotContext context) implements SourceItem {
	}

	/**
	 * Every event of the object has been handed on; {@code eventIndex} is the number of
	 * its events.
	 */
	record ObjectEnd(int objectIndex, int eventIndex, BlobObject object) implements SourceItem {
	}

	record Rejected(int objectIndex, BlobObject object, String reason) implements SourceItem {
	}

}
