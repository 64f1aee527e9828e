package io.oddsapi.batch.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A staging step's progress for a person watching: objects done of the manifest, rows
 * staged, rows per second and the time left at that rate, at most once per interval (and
 * once when the last object is done).
 */
public final class Progress {

	private final Clock clock;

	private final Duration interval;

	private final String run;

	private final int objects;

	private final Instant started;

	private Instant lastReport;

	public Progress(Clock clock, Duration interval, String run, int objects) {
		this.clock = clock;
		this.interval = interval;
		this.run = run;
		this.objects = objects;
		this.started = clock.instant();
		this.lastReport = started;
	}

	/** The line to log after a chunk, when one is due. */
	public Optional<String> after(int objectsDone, long rows) {
		Instant now = clock.instant();
		boolean finished = objectsDone >= objects;
		if (!finished && Duration.between(lastReport, now).compareTo(interval) < 0) {
			return Optional.empty();
		}
		lastReport = now;
		double seconds = Math.max(Duration.between(started, now).toMillis(), 1) / 1000.0;
		long rowsPerSecond = Math.round(rows / seconds);
		String eta = finished || objectsDone == 0 ? "" : String.format(Locale.ROOT, ", about %d s left",
				Math.round(seconds * (objects - objectsDone) / objectsDone));
		return Optional.of(String.format(Locale.ROOT, "%s: objects %d of %d, %d rows staged, %d rows/s%s", run,
				objectsDone, objects, rows, rowsPerSecond, eta));
	}

}
