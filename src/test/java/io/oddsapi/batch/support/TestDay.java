package io.oddsapi.batch.support;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A small game-lines day for tests: scrape cycles of one object per event, each with its
 * own prices.
 */
public final class TestDay {

	public static final LocalDate DATE = LocalDate.of(2026, 1, 14);

	public static final String EVENT = """
			{"id":"%s","commence_time":"2026-01-15T00:30:00Z","home_team":"Boston Celtics","away_team":"Miami Heat",
			 "bookmakers":[{"key":"fanduel","title":"FanDuel","markets":[
			  {"key":"h2h","outcomes":[{"name":"Miami Heat","price":%s},{"name":"Boston Celtics","price":1.38}]}]}]}
			""";

	private TestDay() {
	}

	/**
	 * One scrape cycle: an object per event, captured at the cycle's time; returns the
	 * object names.
	 */
	public static List<String> cycle(TestBucket bucket, int cycle, int events) {
		List<String> names = new ArrayList<>();
		Instant capture = Instant.parse("2026-01-14T20:00:00Z").plus(Duration.ofMinutes(15L * cycle));
		for (int e = 0; e < events; e++) {
			names.add(bucket.put("game-lines", DATE, "e" + e + "-MIABOS", capture,
					EVENT.formatted("e" + e, 2.0 + cycle / 10.0 + e / 100.0)));
		}
		return names;
	}

}
