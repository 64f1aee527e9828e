package io.oddsapi.batch.job;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.oddsapi.batch.odds.EventRowMapper;
import io.oddsapi.batch.odds.EventRows;
import io.oddsapi.batch.odds.OfficialGameIds;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.warehouse.RowRequirements;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Turns a source item into the rows of the endpoint's tables: game lines, or player props
 * and their legacy {@code player_points} rows, for an event; the rejection row for a
 * rejected object; an object's end carries no rows.
 */
public class EventRowProcessor implements ItemProcessor<SourceItem, StagingItem> {

	private final OddsEndpoint endpoint;

	private final LocalDate gameDate;

	private final long executionId;

	private final Clock clock;

	private final RowRequirements requirements;

	private final OfficialGameIds officialIds;

	public EventRowProcessor(OddsEndpoint endpoint, LocalDate gameDate, long executionId, Clock clock,
			RowRequirements requirements, OfficialGameIds officialIds) {
		this.requirements = requirements;
		this.officialIds = officialIds;
		this.endpoint = endpoint;
		this.gameDate = gameDate;
		this.executionId = executionId;
		this.clock = clock;
	}

	@Override
	public StagingItem process(SourceItem item) {
		if (item instanceof SourceItem.Rejected rejected) {
			RejectedFileRow row = new RejectedFileRow(rejected.object().name(), gameDate, endpoint.folder(),
					rejected.reason(), clock.instant(), executionId);
			return StagingItem.rejected(rejected.objectIndex(), row,
					rejected.object().name() + ": " + rejected.reason(), rejected.object());
		}
		if (item instanceof SourceItem.ObjectEnd end) {
			return StagingItem.objectEnd(end.objectIndex(), end.eventIndex(), end.object());
		}
		SourceItem.Event event = (SourceItem.Event) item;
		boolean gameLines = endpoint.family() == OddsEndpoint.Family.GAME_LINES;
		EventRows rows = EventRowMapper.map(event.event(), event.context(), officialIds, gameLines, !gameLines);
		List<Record> all = new ArrayList<>(
				rows.gameLines().size() + rows.playerProps().size() + rows.playerPointsProps().size());
		all.addAll(rows.gameLines());
		all.addAll(rows.playerProps());
		all.addAll(rows.playerPointsProps());
		Map<String, Integer> rejected = new LinkedHashMap<>();
		List<Record> kept = requirements.keep(all, rejected);
		List<String> rowRejections = rejected.entrySet()
			.stream()
			.map(e -> event.context().sourceFilePath() + " event " + event.eventIndex() + ": " + e.getValue()
					+ (e.getValue() == 1 ? " row" : " rows") + " left out, " + e.getKey()
					+ " (NOT NULL) and the data has no value")
			.toList();
		return StagingItem.event(event.objectIndex(), event.eventIndex(), kept, rows.unknownTeam(),
				rows.skippedOutcomes(), rowRejections);
	}

}
