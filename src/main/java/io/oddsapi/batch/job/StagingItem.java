package io.oddsapi.batch.job;

import java.util.List;

/** The rows of one source item, with what the mapping noticed. */
public record StagingItem(int objectIndex, int eventIndex, List<Record> rows, String rejection, boolean unknownTeam,
		int skippedOutcomes) {

	public boolean rejected() {
		return rejection != null;
	}
}
