package io.oddsapi.batch.coverage;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A date's coverage: a row per scheduled game, and where the schedule came from
 * ({@code events}: the date's events file; {@code endpoints}: none, so the games seen in
 * the published rows).
 */
public record CoverageReport(LocalDate gameDate, String scheduleSource, List<CoverageRow> games) {

	public static final String FROM_EVENTS = "events";

	public static final String FROM_ENDPOINTS = "endpoints";

	public List<CoverageRow> flagged() {
		return games.stream().filter(CoverageRow::flagged).toList();
	}

	/**
	 * For people: a line per game, after a header that says where the schedule came from.
	 */
	public String format() {
		String header = "coverage of " + gameDate + ": " + games.size() + " games, " + flagged().size() + " flagged ("
				+ (scheduleSource.equals(FROM_EVENTS) ? "schedule: the events file"
						: "no events file: the schedule is the games seen in the published rows")
				+ ")";
		return header + games.stream().map(CoverageReport::line).collect(Collectors.joining());
	}

	private static String line(CoverageRow game) {
		return "\n  " + game.gameId() + " " + game.awayTeamAbbr() + " at " + game.homeTeamAbbr() + ", tip-off "
				+ game.commenceTime() + ": lines h2h/spreads/totals " + game.h2hBookmakers() + "/"
				+ game.spreadsBookmakers() + "/" + game.totalsBookmakers() + " bookmakers, props " + game.propMarkets()
				+ " markets " + game.propPlayers() + " players " + game.propBookmakers() + " bookmakers, last lines "
				+ (game.linesAgeAtTipoffMinutes() == null ? "none"
						: game.linesAgeAtTipoffMinutes() + " min before tip-off")
				+ ", closing " + (game.closingCaptured() ? "captured" : "not captured")
				+ (game.flagged() ? ", FLAGGED " + game.flagReasons() : "");
	}
}
