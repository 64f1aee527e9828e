package io.oddsapi.batch.warehouse;

/**
 * A row on its way to staging, with where it came from: the object's index in the run's
 * manifest, the event's index in the object and the row's ordinal in the event. That
 * position makes staging idempotent on restart and breaks ties between duplicates (the
 * last one staged wins).
 */
public record StagedRow(int objectIndex, int eventIndex, int ordinal, Record row) {
}
