package io.oddsapi.batch.odds;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The platform's own game id, {@code YYYYMMDD_AWAY_HOME} from the US Eastern date of
 * tip-off ({@code 20231024_LAL_DEN}), which its schedule and consumers join on; the Odds
 * API event id stays in {@code game_id}.
 */
public final class PlatformGameId {

	static final ZoneId US_EASTERN = ZoneId.of("America/New_York");

	private PlatformGameId() {
	}

	/** Null when tip-off or a team's abbreviation is unknown (another sport's team). */
	public static String of(Instant commenceTime, String awayAbbr, String homeAbbr) {
		if (commenceTime == null || awayAbbr == null || homeAbbr == null) {
			return null;
		}
		String day = commenceTime.atZone(US_EASTERN).toLocalDate().format(DateTimeFormatter.BASIC_ISO_DATE);
		return day + "_" + awayAbbr + "_" + homeAbbr;
	}

}
