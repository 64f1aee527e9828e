package io.oddsapi.batch.odds;

import java.time.Instant;
import java.util.List;

/**
 * One Odds API v4 event as it appears in a response: the unit the parser hands out, so
 * memory holds one at a time.
 */
public record OddsEvent(String id, String sportKey, String sportTitle, Instant commenceTime, String homeTeam,
		String awayTeam, List<Bookmaker> bookmakers) {

	public record Bookmaker(String key, String title, Instant lastUpdate, List<Market> markets) {
	}

	public record Market(String key, Instant lastUpdate, List<Outcome> outcomes) {

		public boolean isPlayerMarket() {
			return key.startsWith("player_");
		}
	}

	/**
	 * {@code point} is null on h2h; {@code description} carries the player on player
	 * markets.
	 */
	public record Outcome(String name, String description, double price, Double point) {
	}
}
