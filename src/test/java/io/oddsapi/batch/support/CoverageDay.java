package io.oddsapi.batch.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import static io.oddsapi.batch.support.OddsJson.book;
import static io.oddsapi.batch.support.OddsJson.event;
import static io.oddsapi.batch.support.OddsJson.events;
import static io.oddsapi.batch.support.OddsJson.line;
import static io.oddsapi.batch.support.OddsJson.market;
import static io.oddsapi.batch.support.OddsJson.price;
import static io.oddsapi.batch.support.OddsJson.prop;
import static io.oddsapi.batch.support.OddsJson.scheduled;

/**
 * A date of four scheduled games, seen at {@link #NOW} (01:10 UTC, after the first
 * tip-off), with lines due two hours before tip-off:
 *
 * <ul>
 * <li>{@code cov1} Miami at Boston, 00:30: game lines from two bookmakers 30 minutes
 * before tip-off (and once after it), props (points and rebounds, two players, one
 * bookmaker) 90 minutes before;</li>
 * <li>{@code cov2} Atlanta at Golden State, 03:00: one bookmaker's h2h two hours before
 * tip-off, no props;</li>
 * <li>{@code cov3} Memphis at New Orleans, 01:00: nothing;</li>
 * <li>{@code cov4} Denver at the Lakers, 05:30: nothing, and not due until 03:30.</li>
 * </ul>
 */
public final class CoverageDay {

	public static final LocalDate DATE = LocalDate.of(2026, 1, 14);

	public static final Instant NOW = Instant.parse("2026-01-15T01:10:00Z");

	static final Instant COV1 = Instant.parse("2026-01-15T00:30:00Z");

	static final Instant COV2 = Instant.parse("2026-01-15T03:00:00Z");

	static final Instant COV3 = Instant.parse("2026-01-15T01:00:00Z");

	static final Instant COV4 = Instant.parse("2026-01-15T05:30:00Z");

	public static final String EVENTS_FILE = "odds-api/events/2026-01-14/20260114_150000-events.json";

	private CoverageDay() {
	}

	/** The schedule, when {@code withEventsFile}, and the games' objects. */
	public static void writeTo(TestBucket bucket, boolean withEventsFile) {
		if (withEventsFile) {
			bucket.put(EVENTS_FILE,
					events(scheduled("cov1", COV1, "Boston Celtics", "Miami Heat"),
							scheduled("cov2", COV2, "Golden State Warriors", "Atlanta Hawks"),
							scheduled("cov3", COV3, "New Orleans Pelicans", "Memphis Grizzlies"),
							scheduled("cov4", COV4, "Los Angeles Lakers", "Denver Nuggets"))
						.getBytes(StandardCharsets.UTF_8));
		}
		String lines = market("h2h", price("Miami Heat", "2.60"), price("Boston Celtics", "1.52"));
		String spreads = market("spreads", line("Miami Heat", "1.91", "6.5"), line("Boston Celtics", "1.91", "-6.5"));
		String totals = market("totals", line("Over", "1.91", "221.5"), line("Under", "1.91", "221.5"));
		for (Duration fromTipoff : new Duration[] { Duration.ofMinutes(-30), Duration.ofMinutes(10) }) {
			bucket.put("game-lines", DATE, "cov1-MIABOS", COV1.plus(fromTipoff), event("cov1", COV1, "Boston Celtics",
					"Miami Heat", book("draftkings", lines, spreads, totals), book("fanduel", lines, spreads, totals)));
		}
		bucket.put("player-props", DATE, "cov1-MIABOS", COV1.minus(Duration.ofMinutes(90)), event("cov1", COV1,
				"Boston Celtics", "Miami Heat",
				book("draftkings", market("player_points", prop("Over", "Jayson Tatum", "1.87", "27.5"),
						prop("Under", "Jayson Tatum", "1.95", "27.5"), prop("Over", "Jaylen Brown", "1.9", "23.5")),
						market("player_rebounds", prop("Over", "Jayson Tatum", "1.8", "8.5")))));
		bucket.put("game-lines", DATE, "cov2-ATLGSW", COV2.minus(Duration.ofHours(2)),
				event("cov2", COV2, "Golden State Warriors", "Atlanta Hawks", book("fanduel",
						market("h2h", price("Atlanta Hawks", "3.10"), price("Golden State Warriors", "1.38")))));
	}

}
