package io.oddsapi.batch.odds;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A {@code player_points} line in the platform's legacy single-market shape: a row of
 * {@code odds_api_player_points_props}, which its consumers read and join to a schedule
 * on the platform's {@code game_id}.
 */
public record PlayerPointsPropRow(String gameId, String oddsApiEventId, LocalDate gameDate, Instant gameStartTime,
		String homeTeamAbbr, String awayTeamAbbr, Instant snapshotTimestamp, String snapshotTag,
		Instant captureTimestamp, Long minutesBeforeTipoff, String bookmaker, String playerName, String playerLookup,
		Double pointsLine, Double overPrice, Double underPrice, Long overPriceAmerican, Long underPriceAmerican,
		Instant bookmakerLastUpdate, String sourceFilePath, String dataSource) {

	public static final String MARKET = "player_points";

	/**
	 * The legacy row of a {@link #MARKET} prop: the platform's game id in
	 * {@code game_id}, the event id beside it.
	 */
	static PlayerPointsPropRow of(PlayerPropRow prop, SnapshotContext context) {
		return new PlayerPointsPropRow(prop.platformGameId(), prop.gameId(), prop.gameDate(), prop.commenceTime(),
				prop.homeTeamAbbr(), prop.awayTeamAbbr(), prop.snapshotTimestamp(), context.snapshotTag(),
				context.captureTimestamp(), prop.minutesBeforeTipoff(), prop.bookmakerKey(), prop.playerName(),
				prop.playerLookup(), prop.line(), prop.overPrice(), prop.underPrice(), prop.overPriceAmerican(),
				prop.underPriceAmerican(), prop.bookmakerLastUpdate(), prop.sourceFilePath(), prop.dataSource());
	}
}
