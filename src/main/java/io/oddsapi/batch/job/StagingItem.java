package io.oddsapi.batch.job;

import java.util.List;

import io.oddsapi.batch.source.BlobObject;

/**
 * The rows of one source item, with what the mapping noticed. {@code finished} is set on the last item of an object
 * (its end, or its rejection), where the writer adds the object's ledger row.
 */
public record StagingItem(int objectIndex, int eventIndex, List<Record> rows, String rejection, boolean unknownTeam,
		int skippedOutcomes, BlobObject finished) {

	public boolean rejected() {
		return rejection != null;
	}
}
