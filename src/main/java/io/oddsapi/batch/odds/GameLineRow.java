package io.oddsapi.batch.odds;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One outcome of one market of one bookmaker at one snapshot: a row of
 * {@code odds_api_game_lines}.
 */
public record GameLineRow(Instant snapshotTimestamp, Instant previousSnapshotTimestamp, Instant nextSnapshotTimestamp,
		String gameId, String sportKey, String sportTitle, Instant commenceTime, LocalDate gameDate, String homeTeam,
		String awayTeam, String homeTeamAbbr, String awayTeamAbbr, String bookmakerKey, String bookmakerTitle,
		Instant bookmakerLastUpdate, String marketKey, Instant marketLastUpdate, String outcomeName,
		Double outcomePrice, Long outcomePriceAmerican, Double outcomePoint, String sourceFilePath, String dataSource,
		String platformGameId) {
}
