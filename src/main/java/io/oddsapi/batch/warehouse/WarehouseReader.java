package io.oddsapi.batch.warehouse;

import java.time.LocalDate;
import java.util.List;

import io.oddsapi.batch.odds.OfficialGameIds;

/**
 * The warehouse's read side: what coverage, the schedule and the API's figures ask of it.
 */
public interface WarehouseReader {

	/**
	 * The games of the configured schedule table from {@code from} to {@code to}: what
	 * the platform's game ids are resolved against. Fails with the database's message
	 * when the table or a column is not there.
	 */
	List<OfficialGameIds.ScheduledGame> scheduledGames(ScheduleProperties schedule, LocalDate from, LocalDate to);

	/** The coverage figures of a date, from every table with analytics. */
	List<CoverageFacts> coverageFacts(LocalDate gameDate);

	/**
	 * {@link AnalyticsSql#tallyByDate} of the table that takes {@code rowType}'s rows.
	 */
	List<DateTally> tallyByDate(Class<? extends Record> rowType, String booleanColumn, LocalDate from, LocalDate to);

}
