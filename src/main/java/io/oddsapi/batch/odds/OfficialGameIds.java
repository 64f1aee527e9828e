package io.oddsapi.batch.odds;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The official game ids of a schedule, by the platform's own id of the same game
 * ({@code YYYYMMDD_AWAY_HOME}): where the schedule knows a game, its official id is the
 * platform's game id; elsewhere the platform's own id stands.
 */
public final class OfficialGameIds {

	/** No schedule configured: every game keeps the platform's own id. */
	public static final OfficialGameIds NONE = new OfficialGameIds(Map.of());

	private final Map<String, String> byPlatformId;

	private OfficialGameIds(Map<String, String> byPlatformId) {
		this.byPlatformId = Map.copyOf(byPlatformId);
	}

	/**
	 * A game of the schedule: its official id, its (US Eastern) date and its teams, as
	 * codes or full names.
	 */
	public record ScheduledGame(String officialId, LocalDate gameDate, String awayTeam, String homeTeam) {
	}

	/**
	 * Games whose team is neither a known code nor a known name are left out: no event
	 * could match them.
	 */
	public static OfficialGameIds of(List<ScheduledGame> schedule) {
		Map<String, String> ids = new HashMap<>();
		for (ScheduledGame game : schedule) {
			String away = NbaTeams.code(game.awayTeam()).orElse(null);
			String home = NbaTeams.code(game.homeTeam()).orElse(null);
			if (game.officialId() != null && game.gameDate() != null && away != null && home != null) {
				ids.put(game.gameDate().format(DateTimeFormatter.BASIC_ISO_DATE) + "_" + away + "_" + home,
						game.officialId());
			}
		}
		return new OfficialGameIds(ids);
	}

	/**
	 * The official id of the game the platform calls {@code platformId}, else that id;
	 * null stays null.
	 */
	public String resolve(String platformId) {
		return platformId == null ? null : byPlatformId.getOrDefault(platformId, platformId);
	}

	public int size() {
		return byPlatformId.size();
	}

}
