package io.oddsapi.batch.coverage;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.oddsapi.batch.warehouse.DateTally;
import io.oddsapi.batch.warehouse.WarehouseReader;
import io.oddsapi.batch.warehouse.WarehouseWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every scheduled game of a date has its lines: the date's coverage, computed from the
 * schedule and the published pre-tip rows. {@link #record} also MERGEs it into
 * {@code odds_api_coverage} and sets the flagged-games gauge; a check that alerts (the
 * coverage command and the sweep) logs each flagged game at ERROR on the
 * {@value #ALERT_LOGGER} logger (what a Cloud Logging alert matches), a run's own check
 * one INFO line. A run's check does not alert: the game-lines run of a scrape cycle would
 * flag every game as "no props" moments before the cycle's props run.
 */
public class CoverageService {

	public static final String ALERT_LOGGER = "io.oddsapi.batch.coverage.flagged";

	private static final Logger alerts = LoggerFactory.getLogger(ALERT_LOGGER);

	private static final Logger log = LoggerFactory.getLogger(CoverageService.class);

	private final ScheduleReader schedule;

	private final WarehouseReader facts;

	private final WarehouseWriter coverageTable;

	private final CoverageCalculator calculator;

	private final Clock clock;

	private final MeterRegistry meters;

	private final AtomicLong lastFlagged = new AtomicLong();

	CoverageService(ScheduleReader schedule, WarehouseReader facts, WarehouseWriter coverageTable,
			CoverageCalculator calculator, Clock clock, MeterRegistry meters) {
		this.schedule = schedule;
		this.facts = facts;
		this.coverageTable = coverageTable;
		this.calculator = calculator;
		this.clock = clock;
		this.meters = meters;
		meters.gauge("odds.coverage.flagged.games", lastFlagged);
	}

	/** The date's coverage as of now; writes nothing. */
	public CoverageReport report(LocalDate gameDate) {
		return calculator.compute(gameDate, schedule.read(gameDate), facts.coverageFacts(gameDate), clock.instant());
	}

	/**
	 * Per date from {@code from} to {@code to}, as last recorded: games and flagged games
	 * (dates never checked absent).
	 */
	public List<DateTally> recordedByDate(LocalDate from, LocalDate to) {
		return facts.tallyByDate(CoverageRow.class, "flagged", from, to);
	}

	/**
	 * The date's coverage, merged into its table; with {@code alert}, an ERROR line per
	 * flagged game and a count per flag ({@code odds.coverage.flags}), else one INFO
	 * line.
	 */
	public CoverageReport record(LocalDate gameDate, boolean alert) {
		CoverageReport report = report(gameDate);
		coverageTable.mergeRows(gameDate, report.games(), clock.instant());
		lastFlagged.set(report.flagged().size());
		if (!alert) {
			log.info("coverage of {}: {} games, {} flagged", gameDate, report.games().size(), report.flagged().size());
			return report;
		}
		for (CoverageRow game : report.flagged()) {
			alerts.error("coverage: game {} ({} at {}) on {}, tip-off {}, is flagged {}: {}", game.gameId(),
					game.awayTeamAbbr(), game.homeTeamAbbr(), gameDate, game.commenceTime(), game.flagReasons(),
					game.hasGameLines() ? "it has game lines but no player props" : "it has no game lines");
			for (String reason : game.flagReasons().split(",")) {
				Counter.builder("odds.coverage.flags").tag("reason", reason).register(meters).increment();
			}
		}
		return report;
	}

}
