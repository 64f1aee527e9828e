package io.oddsapi.batch.warehouse;

import java.util.List;

/**
 * What a target table's consumer views need to know ({@code analytics:} in its
 * definition): what a bookmaker prices within a market ({@code selection}: an outcome, or
 * a player), the line, and the price columns: one, when each outcome is a row of its own,
 * or Over and Under, when both sides share a row. {@code consensus} groups the consensus
 * view; {@code moves} groups the count of recent moves. {@link AnalyticsSql} turns this
 * into each dialect's views.
 */
public record AnalyticsDefinition(String selection, String line, List<String> prices, List<String> consensus,
		List<String> moves) {

	/** Columns every table with analytics has: the views are written against them. */
	public static final List<String> REQUIRED_COLUMNS = List.of("game_date", "game_id", "commence_time",
			"snapshot_timestamp", "bookmaker_key", "market_key", "home_team_abbr", "away_team_abbr");

	/**
	 * Over and Under in one row (player props), rather than one row per outcome (game
	 * lines).
	 */
	public boolean sidesInOneRow() {
		return prices.size() == 2;
	}

	/**
	 * One bookmaker's line of a selection: the game, bookmaker, market and selection. The
	 * game date leads, though the game implies it, so that a query's filter on it reaches
	 * below the views' window functions (databases push a filter through a window only on
	 * its partition columns) and prunes the table's partitions.
	 */
	public List<String> series() {
		return List.of("game_date", "game_id", "bookmaker_key", "market_key", selection);
	}
}
