package io.oddsapi.batch.odds;

import java.util.List;

/**
 * The rows one event gives, plus what was noticed on the way (warnings, not failures).
 * {@code playerPointsProps} repeats the {@code player_points} props in the platform's
 * legacy shape.
 */
public record EventRows(List<GameLineRow> gameLines, List<PlayerPropRow> playerProps,
		List<PlayerPointsPropRow> playerPointsProps, boolean unknownTeam, int skippedOutcomes) {
}
