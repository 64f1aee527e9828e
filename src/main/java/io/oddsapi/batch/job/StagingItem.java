package io.oddsapi.batch.job;

import java.util.List;

import io.oddsapi.batch.source.BlobObject;

/**
 * The rows of one source item, with what the mapping noticed. The last item of an object
 * (its end, or its rejection) {@code endsObject}, and carries the {@code object}, for
 * which the writer adds the ledger row; an event's item carries neither.
 */
public record StagingItem(int objectIndex, int eventIndex, List<Record> rows, String rejection, boolean unknownTeam,
		int skippedOutcomes, List<String> rowRejections, boolean endsObject, BlobObject object) {

	/**
	 * @param rowRejections rows left out because an adopted table requires what they
	 * lack, one line per kind
	 */
	static StagingItem event(int objectIndex, int eventIndex, List<Record> rows, boolean unknownTeam,
			int skippedOutcomes, List<String> rowRejections) {
		return new StagingItem(objectIndex, eventIndex, rows, null, unknownTeam, skippedOutcomes, rowRejections, false,
				null);
	}

	static StagingItem objectEnd(int objectIndex, int events, BlobObject object) {
		return new StagingItem(objectIndex, events, List.of(), null, false, 0, List.of(), true, object);
	}

	static StagingItem rejected(int objectIndex, Record rejectionRow, String rejection, BlobObject object) {
		return new StagingItem(objectIndex, 0, List.of(rejectionRow), rejection, false, 0, List.of(), true, object);
	}

	public boolean rejected() {
		return rejection != null;
	}
}
