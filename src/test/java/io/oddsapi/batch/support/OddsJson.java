package io.oddsapi.batch.support;

import java.time.Instant;

/**
 * Odds API v4 event objects written by hand in tests, the shape the scraper saves for one
 * event.
 */
public final class OddsJson {

	private OddsJson() {
	}

	public static String event(String id, Instant tipoff, String home, String away, String... bookmakers) {
		return "{\"id\":\"" + id + "\",\"sport_key\":\"basketball_nba\",\"sport_title\":\"NBA\",\"commence_time\":\""
				+ tipoff + "\",\"home_team\":\"" + home + "\",\"away_team\":\"" + away + "\",\"bookmakers\":["
				+ String.join(",", bookmakers) + "]}";
	}

	public static String book(String key, String... markets) {
		return "{\"key\":\"" + key + "\",\"title\":\"" + key + "\",\"markets\":[" + String.join(",", markets) + "]}";
	}

	public static String market(String key, String... outcomes) {
		return "{\"key\":\"" + key + "\",\"outcomes\":[" + String.join(",", outcomes) + "]}";
	}

	/** An outcome without a point (h2h). */
	public static String price(String name, String price) {
		return "{\"name\":\"" + name + "\",\"price\":" + price + "}";
	}

	public static String line(String name, String price, String point) {
		return "{\"name\":\"" + name + "\",\"price\":" + price + ",\"point\":" + point + "}";
	}

	public static String prop(String side, String player, String price, String point) {
		return "{\"name\":\"" + side + "\",\"description\":\"" + player + "\",\"price\":" + price + ",\"point\":"
				+ point + "}";
	}

	/**
	 * The events list ({@code /v4/sports/{sport}/events}): the schedule, an array of
	 * events without bookmakers.
	 */
	public static String events(String... events) {
		return "[" + String.join(",", events) + "]";
	}

	public static String scheduled(String id, Instant tipoff, String home, String away) {
		return "{\"id\":\"" + id + "\",\"sport_key\":\"basketball_nba\",\"sport_title\":\"NBA\",\"commence_time\":\""
				+ tipoff + "\",\"home_team\":\"" + home + "\",\"away_team\":\"" + away + "\"}";
	}

}
