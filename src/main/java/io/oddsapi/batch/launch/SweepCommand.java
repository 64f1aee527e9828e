package io.oddsapi.batch.launch;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.oddsapi.batch.OddsProperties;
import io.oddsapi.batch.coverage.CoverageReport;
import io.oddsapi.batch.coverage.CoverageService;
import io.oddsapi.batch.job.RunSummary;
import io.oddsapi.batch.job.ShutdownSignal;
import io.oddsapi.batch.run.DateRunOwner;
import io.oddsapi.batch.run.LaunchOutcome;
import io.oddsapi.batch.run.LaunchRequest;
import io.oddsapi.batch.source.BlobSource;
import io.oddsapi.batch.source.BlobSourceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * {@code --odds.mode=sweep [gameDate=... | from=... to=...]} (default: the last
 * {@code odds.sweep.days} game dates): the nightly sweep. Every endpoint folder of every
 * date in the range is launched through the owner of the date's run, whose list step
 * compares the bucket with the ledger: objects that landed without a trigger are
 * published, a date with none ends as "nothing new". Then each date's coverage is
 * recorded. It prints what it found and launched; exit code 0, 1 when a run failed,
 * {@value CoverageCommand#FLAGGED} when a game is flagged, 2 when unusable.
 */
@Component
@ConditionalOnProperty(name = "odds.mode", havingValue = "sweep")
public class SweepCommand implements ApplicationRunner, ExitCodeGenerator {

	private static final Logger log = LoggerFactory.getLogger("io.oddsapi.batch.summary");

	private final DateRunOwner owner;

	private final BlobSource source;

	private final CoverageService coverage;

	private final ShutdownSignal shutdown;

	private final SweepProperties sweep;

	private final OddsProperties properties;

	private final Clock clock;

	private int exitCode;

	public SweepCommand(DateRunOwner owner, BlobSource source, CoverageService coverage, ShutdownSignal shutdown,
			SweepProperties sweep, OddsProperties properties, Clock clock) {
		this.owner = owner;
		this.source = source;
		this.coverage = coverage;
		this.shutdown = shutdown;
		this.sweep = sweep;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void run(ApplicationArguments args) {
		DateRange range;
		List<LaunchRequest> requests;
		try {
			range = DateRange.parse(args.getNonOptionArgs(), sweep.days(), clock);
			source.checkReadable();
			requests = requests(range);
		}
		catch (IllegalArgumentException | BlobSourceException ex) {
			log.error("oddsapi-batch: {}", ex.getMessage());
			exitCode = LaunchSequence.UNUSABLE;
			return;
		}
		List<LaunchOutcome> outcomes = new ArrayList<>();
		exitCode = LaunchSequence.run(requests, request -> {
			LaunchOutcome outcome = owner.launch(request.endpoint(), request.gameDate(), "sweep");
			synchronized (outcomes) {
				outcomes.add(outcome);
			}
			return outcome;
		}, shutdown, properties.workers());
		int objects = outcomes.stream().flatMap(o -> o.runs().stream()).mapToInt(RunSummary::objects).sum();
		long launched = outcomes.stream()
			.filter(o -> o.kind() == LaunchOutcome.Kind.RAN || o.kind() == LaunchOutcome.Kind.FAILED)
			.count();
		log.info("sweep {}..{}: {} endpoint dates checked, {} had unpublished objects ({} objects) and were launched",
				range.from(), range.to(), requests.size(), launched, objects);
		for (LocalDate date : range.dates()) {
			CoverageReport report = coverage.record(date, true);
			if (!report.games().isEmpty()) {
				log.info("{}", report.format());
			}
			if (!report.flagged().isEmpty() && exitCode == 0) {
				exitCode = CoverageCommand.FLAGGED;
			}
		}
	}

	/** The endpoint folders the bucket has for the range's dates. */
	private List<LaunchRequest> requests(DateRange range) {
		return CommandLineLauncher.everyDateFolder(source)
			.stream()
			.filter(r -> !r.gameDate().isBefore(range.from()) && !r.gameDate().isAfter(range.to()))
			.toList();
	}

	@Override
	public int getExitCode() {
		return exitCode;
	}

}
