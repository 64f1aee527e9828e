package io.oddsapi.batch.warehouse;

import java.time.Instant;
import java.util.function.Function;

/**
 * What a date's published pre-tip rows of one table hold for a game: per market, or over
 * all its markets when {@code marketKey} is null. {@code selections}: distinct outcomes,
 * or players.
 */
public record CoverageFacts(String table, String gameId, String marketKey, Instant commenceTime, String homeTeamAbbr,
		String awayTeamAbbr, long bookmakers, long selections, Instant firstPreTip, Instant lastPreTip) {

	/**
	 * A row of {@link AnalyticsSql#coverageFacts}, each value read as text (null when
	 * NULL).
	 */
	public static CoverageFacts of(String table, Function<String, String> column) {
		return new CoverageFacts(table, column.apply("game_id"), column.apply("market_key"),
				epoch(column.apply("commence_epoch")), column.apply("home_team_abbr"), column.apply("away_team_abbr"),
				Long.parseLong(column.apply("bookmakers")), Long.parseLong(column.apply("selections")),
				epoch(column.apply("first_pretip_epoch")), epoch(column.apply("last_pretip_epoch")));
	}

	private static Instant epoch(String seconds) {
		return seconds == null ? null : Instant.ofEpochSecond(Long.parseLong(seconds));
	}
}
