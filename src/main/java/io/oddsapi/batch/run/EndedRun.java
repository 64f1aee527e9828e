package io.oddsapi.batch.run;

import io.oddsapi.batch.job.RunSummary;

/**
 * A run that ended under the lock, and whether it was a restart (which published its own
 * manifest only).
 */
record EndedRun(RunSummary summary, boolean restarted) {
}
