package io.oddsapi.batch.odds;

import java.util.List;

/** The rows one event gives, plus what was noticed on the way (warnings, not failures). */
public record EventRows(List<GameLineRow> gameLines, List<PlayerPropRow> playerProps, boolean unknownTeam,
		int skippedOutcomes) {
}
