package io.oddsapi.batch.job;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.oddsapi.batch.odds.EventRowMapper;
import io.oddsapi.batch.odds.EventRows;
import io.oddsapi.batch.source.OddsEndpoint;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Turns a source item into the rows of the endpoint's tables: game lines or player props for an event, the rejection
 * row for a rejected object; an object's end carries no rows.
 */
public class EventRowProcessor implements ItemProcessor<SourceItem, StagingItem> {

	private final OddsEndpoint endpoint;

	private final LocalDate gameDate;

	private final long executionId;

	private final Clock clock;

	public EventRowProcessor(OddsEndpoint endpoint, LocalDate gameDate, long executionId, Clock clock) {
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
			return StagingItem.rejected(rejected.objectIndex(), row, rejected.object().name() + ": " + rejected.reason(),
					rejected.object());
		}
		if (item instanceof SourceItem.ObjectEnd end) {
			return StagingItem.objectEnd(end.objectIndex(), end.eventIndex(), end.object());
		}
		SourceItem.Event event = (SourceItem.Event) item;
		boolean gameLines = endpoint.family() == OddsEndpoint.Family.GAME_LINES;
		EventRows rows = EventRowMapper.map(event.event(), event.context(), gameLines, !gameLines);
		List<Record> all = new ArrayList<>(rows.gameLines().size() + rows.playerProps().size());
		all.addAll(rows.gameLines());
		all.addAll(rows.playerProps());
		return StagingItem.event(event.objectIndex(), event.eventIndex(), all, rows.unknownTeam(),
				rows.skippedOutcomes());
	}
}
