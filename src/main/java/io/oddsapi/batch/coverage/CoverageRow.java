package io.oddsapi.batch.coverage;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One scheduled game's coverage: a row of {@code odds_api_coverage}. Counts are of
 * pre-tip rows; ages are minutes from the last pre-tip snapshot to tip-off (null when
 * there is none).
 */
public record CoverageRow(LocalDate gameDate, String gameId, Instant commenceTime, String homeTeamAbbr,
		String awayTeamAbbr, String scheduleSource, Long h2hBookmakers, Long spreadsBookmakers, Long totalsBookmakers,
		Long propMarkets, Long propPlayers, Long propBookmakers, Long linesAgeAtTipoffMinutes,
		Long propsAgeAtTipoffMinutes, Boolean hasGameLines, Boolean hasProps, Boolean closingCaptured, Boolean flagged,
		String flagReasons) {

	/** Why a game is flagged. */
	public enum Flag {

		/** No game lines by the time they are due before tip-off. */
		NO_LINES,

		/** Game lines but no player props by then. */
		NO_PROPS

	}
}
