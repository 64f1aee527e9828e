package io.oddsapi.batch.odds;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One player line of one bookmaker at one snapshot, its Over and Under paired: a row of
 * {@code odds_api_player_props}. A side the book did not offer stays null.
 */
public record PlayerPropRow(LocalDate gameDate, String gameId, Instant snapshotTimestamp, Instant commenceTime,
		String homeTeamAbbr, String awayTeamAbbr, String bookmakerKey, Instant bookmakerLastUpdate, String marketKey,
		String playerName, String playerLookup, Double line, Double overPrice, Long overPriceAmerican,
		Double underPrice, Long underPriceAmerican, Long minutesBeforeTipoff, String sourceFilePath, String dataSource,
		String platformGameId) {
}
