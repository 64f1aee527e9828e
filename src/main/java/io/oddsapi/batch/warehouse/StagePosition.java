package io.oddsapi.batch.warehouse;

/**
 * The next (object, event) a run will stage; everything before it is staged and
 * committed.
 */
public record StagePosition(int objectIndex, int eventIndex) {

	public static final StagePosition START = new StagePosition(0, 0);

}
