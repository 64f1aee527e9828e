package io.oddsapi.batch.launch;

import java.time.Clock;
import java.time.LocalDate;

import io.oddsapi.batch.coverage.CoverageReport;
import io.oddsapi.batch.coverage.CoverageService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * {@code --odds.mode=coverage [gameDate=... | from=... to=...]} (default: today): each
 * date's coverage, recorded in its table and printed. Exit code 0 when no game is
 * flagged, {@value #FLAGGED} when one is, 2 when the arguments are unusable.
 */
@Component
@ConditionalOnProperty(name = "odds.mode", havingValue = "coverage")
public class CoverageCommand implements ApplicationRunner, ExitCodeGenerator {

	static final int FLAGGED = 3;

	private static final Logger log = LoggerFactory.getLogger("io.oddsapi.batch.summary");

	private final CoverageService coverage;

	private final Clock clock;

	private int exitCode;

	public CoverageCommand(CoverageService coverage, Clock clock) {
		this.coverage = coverage;
		this.clock = clock;
	}

	@Override
	public void run(ApplicationArguments args) {
		DateRange range;
		try {
			range = DateRange.parse(args.getNonOptionArgs(), 1, clock);
		}
		catch (IllegalArgumentException ex) {
			log.error("oddsapi-batch: {}", ex.getMessage());
			exitCode = LaunchSequence.UNUSABLE;
			return;
		}
		for (LocalDate date : range.dates()) {
			CoverageReport report = coverage.record(date, true);
			log.info("{}", report.format());
			if (!report.flagged().isEmpty()) {
				exitCode = FLAGGED;
			}
		}
	}

	@Override
	public int getExitCode() {
		return exitCode;
	}

}
