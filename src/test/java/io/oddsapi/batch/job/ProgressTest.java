package io.oddsapi.batch.job;

import java.time.Duration;
import java.time.Instant;

import io.oddsapi.batch.support.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

	@Test
	void reportsAtMostOncePerIntervalWithRateAndTimeLeftAndAtTheEnd() {
		MutableClock clock = new MutableClock(Instant.parse("2026-01-14T23:00:00Z"));
		Progress progress = new Progress(clock, Duration.ofSeconds(10), "game-lines 2026-01-14 run 3", 100);
		clock.advance(Duration.ofSeconds(4));
		assertThat(progress.after(10, 4_000)).as("not yet due").isEmpty();
		clock.advance(Duration.ofSeconds(6));
		assertThat(progress.after(25, 10_000)).contains(
				"game-lines 2026-01-14 run 3: objects 25 of 100, 10000 rows staged, 1000 rows/s, about 30 s left");
		clock.advance(Duration.ofSeconds(1));
		assertThat(progress.after(30, 11_000)).isEmpty();
		assertThat(progress.after(100, 40_000)).as("the last object is always reported")
			.contains("game-lines 2026-01-14 run 3: objects 100 of 100, 40000 rows staged, 3636 rows/s");
	}

}
