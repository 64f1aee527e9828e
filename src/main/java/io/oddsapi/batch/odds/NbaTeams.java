package io.oddsapi.batch.odds;

import java.util.Map;
import java.util.Optional;

/** Three-letter codes of the 30 NBA teams by the names the Odds API uses. */
public final class NbaTeams {

	private static final Map<String, String> ABBREVIATIONS = Map.ofEntries(Map.entry("Atlanta Hawks", "ATL"),
			Map.entry("Boston Celtics", "BOS"), Map.entry("Brooklyn Nets", "BKN"),
			Map.entry("Charlotte Hornets", "CHA"), Map.entry("Chicago Bulls", "CHI"),
			Map.entry("Cleveland Cavaliers", "CLE"), Map.entry("Dallas Mavericks", "DAL"),
			Map.entry("Denver Nuggets", "DEN"), Map.entry("Detroit Pistons", "DET"),
			Map.entry("Golden State Warriors", "GSW"), Map.entry("Houston Rockets", "HOU"),
			Map.entry("Indiana Pacers", "IND"), Map.entry("Los Angeles Clippers", "LAC"),
			Map.entry("LA Clippers", "LAC"), Map.entry("Los Angeles Lakers", "LAL"),
			Map.entry("Memphis Grizzlies", "MEM"), Map.entry("Miami Heat", "MIA"), Map.entry("Milwaukee Bucks", "MIL"),
			Map.entry("Minnesota Timberwolves", "MIN"), Map.entry("New Orleans Pelicans", "NOP"),
			Map.entry("New York Knicks", "NYK"), Map.entry("Oklahoma City Thunder", "OKC"),
			Map.entry("Orlando Magic", "ORL"), Map.entry("Philadelphia 76ers", "PHI"), Map.entry("Phoenix Suns", "PHX"),
			Map.entry("Portland Trail Blazers", "POR"), Map.entry("Sacramento Kings", "SAC"),
			Map.entry("San Antonio Spurs", "SAS"), Map.entry("Toronto Raptors", "TOR"), Map.entry("Utah Jazz", "UTA"),
			Map.entry("Washington Wizards", "WAS"));

	private NbaTeams() {
	}

	public static Optional<String> abbreviation(String teamName) {
		return Optional.ofNullable(ABBREVIATIONS.get(teamName));
	}

	/** A team given as its code ({@code BOS}) or its full name, as its code. */
	public static Optional<String> code(String team) {
		if (team == null) {
			return Optional.empty();
		}
		String trimmed = team.trim();
		return ABBREVIATIONS.containsValue(trimmed) ? Optional.of(trimmed) : abbreviation(trimmed);
	}

	/** Every full name the API may send, for generators and tests. */
	public static Map<String, String> all() {
		return ABBREVIATIONS;
	}

}
