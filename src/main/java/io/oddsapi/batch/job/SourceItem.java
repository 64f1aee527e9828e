package io.oddsapi.batch.job;

import io.oddsapi.batch.odds.OddsEvent;
import io.oddsapi.batch.odds.SnapshotContext;
import io.oddsapi.batch.source.BlobObject;

/** What the reader hands on: one event of an accepted object, or the verdict on a rejected one. */
public sealed interface SourceItem {

	int objectIndex();

	record Event(int objectIndex, int eventIndex, OddsEvent event, SnapshotContext context) implements SourceItem {
	}

	record Rejected(int objectIndex, BlobObject object, String reason) implements SourceItem {
	}
}
