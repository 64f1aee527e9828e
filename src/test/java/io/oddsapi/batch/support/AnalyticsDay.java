package io.oddsapi.batch.support;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import static io.oddsapi.batch.support.OddsJson.book;
import static io.oddsapi.batch.support.OddsJson.event;
import static io.oddsapi.batch.support.OddsJson.line;
import static io.oddsapi.batch.support.OddsJson.market;
import static io.oddsapi.batch.support.OddsJson.price;
import static io.oddsapi.batch.support.OddsJson.prop;

/**
 * Two games written by hand from the real samples in {@code ../shared/oddsapi-samples}
 * (their bookmakers, lines and prices), captured before and after tip-off, for the
 * consumer views:
 *
 * <ul>
 * <li>Game A, Atlanta at Golden State (tip-off 2024-01-25T03:20:30Z, Eastern date
 * 2024-01-24), decimal prices: DraftKings and FanDuel spreads and totals 6 hours, 2 hours
 * and 50 minutes before tip-off (DraftKings' Atlanta line moves 6.5, 7.5, 7.0), and 10
 * minutes after it, where DraftKings offers Atlanta at 3.50.</li>
 * <li>Game B, Memphis at New Orleans (tip-off 2025-03-09T23:11:00Z), American prices: h2h
 * 30 minutes before tip-off (DraftKings -110/-110, FanDuel +150/-180) and 10 minutes
 * after it; player points 5 hours and 60 minutes before tip-off (Desmond Bane at FanDuel
 * 27.5 then 28.5, DraftKings 29.5, BetMGM 28.5 with no Under) and 5 minutes after it,
 * where FanDuel offers his Over at 2.50.</li>
 * </ul>
 */
public final class AnalyticsDay {

	public static final LocalDate DATE_A = LocalDate.of(2024, 1, 24);

	public static final LocalDate DATE_B = LocalDate.of(2025, 3, 9);

	public static final Instant TIPOFF_A = Instant.parse("2024-01-25T03:20:30Z");

	public static final Instant TIPOFF_B = Instant.parse("2025-03-09T23:11:00Z");

	private AnalyticsDay() {
	}

	public static void writeTo(TestBucket bucket) {
		String dkTotals = market("totals", line("Over", "1.87", "248.5"), line("Under", "1.87", "248.5"));
		String fdTotals = market("totals", line("Over", "1.87", "247.5"), line("Under", "1.88", "247.5"));
		String fdSpreadsEarly = market("spreads", line("Atlanta Hawks", "1.88", "7.5"),
				line("Golden State Warriors", "1.88", "-7.5"));
		String fdSpreadsLate = market("spreads", line("Atlanta Hawks", "1.90", "7.5"),
				line("Golden State Warriors", "1.90", "-7.5"));
		gameA(bucket, Duration.ofHours(-6),
				book("draftkings",
						market("spreads", line("Atlanta Hawks", "1.91", "6.5"),
								line("Golden State Warriors", "1.83", "-6.5")),
						dkTotals),
				book("fanduel", fdSpreadsEarly, fdTotals));
		gameA(bucket, Duration.ofHours(-2),
				book("draftkings",
						market("spreads", line("Atlanta Hawks", "1.91", "7.5"),
								line("Golden State Warriors", "1.91", "-7.5")),
						dkTotals),
				book("fanduel", fdSpreadsEarly, fdTotals));
		gameA(bucket, Duration.ofMinutes(-50),
				book("draftkings",
						market("spreads", line("Atlanta Hawks", "1.95", "7.0"),
								line("Golden State Warriors", "1.87", "-7.0")),
						dkTotals),
				book("fanduel", fdSpreadsLate, fdTotals));
		gameA(bucket, Duration.ofMinutes(10),
				book("draftkings",
						market("spreads", line("Atlanta Hawks", "3.50", "7.0"),
								line("Golden State Warriors", "1.30", "-7.0")),
						market("totals", line("Over", "2.50", "248.5"), line("Under", "1.50", "248.5"))),
				book("fanduel", fdSpreadsLate, fdTotals));

		gameB(bucket, "game-lines", Duration.ofMinutes(-30),
				book("draftkings",
						market("h2h", price("Memphis Grizzlies", "-110"), price("New Orleans Pelicans", "-110"))),
				book("fanduel",
						market("h2h", price("Memphis Grizzlies", "150"), price("New Orleans Pelicans", "-180"))));
		gameB(bucket, "game-lines", Duration.ofMinutes(10), book("draftkings",
				market("h2h", price("Memphis Grizzlies", "300"), price("New Orleans Pelicans", "-400"))));
		gameB(bucket, "player-props", Duration.ofHours(-5), book("fanduel", market("player_points",
				prop("Over", "Desmond Bane", "1.87", "27.5"), prop("Under", "Desmond Bane", "1.87", "27.5"))));
		gameB(bucket, "player-props", Duration.ofMinutes(-60),
				book("fanduel", market("player_points", prop("Over", "Desmond Bane", "1.8", "28.5"),
						prop("Under", "Desmond Bane", "1.94", "28.5"), prop("Over", "Jaylen Wells", "1.8", "11.5"),
						prop("Under", "Jaylen Wells", "1.94", "11.5"))),
				book("draftkings",
						market("player_points", prop("Over", "Desmond Bane", "1.8", "29.5"),
								prop("Under", "Desmond Bane", "1.95", "29.5"))),
				book("betmgm", market("player_points", prop("Over", "Desmond Bane", "1.83", "28.5"))));
		gameB(bucket, "player-props", Duration.ofMinutes(5), book("fanduel", market("player_points",
				prop("Over", "Desmond Bane", "2.50", "28.5"), prop("Under", "Desmond Bane", "1.50", "28.5"))));
	}

	private static void gameA(TestBucket bucket, Duration fromTipoff, String... bookmakers) {
		bucket.put("game-lines", DATE_A, "gameA-ATLGSW", TIPOFF_A.plus(fromTipoff),
				event("gameA", TIPOFF_A, "Golden State Warriors", "Atlanta Hawks", bookmakers));
	}

	private static void gameB(TestBucket bucket, String endpoint, Duration fromTipoff, String... bookmakers) {
		bucket.put(endpoint, DATE_B, "gameB-MEMNOP", TIPOFF_B.plus(fromTipoff),
				event("gameB", TIPOFF_B, "New Orleans Pelicans", "Memphis Grizzlies", bookmakers));
	}

}
