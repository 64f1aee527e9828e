package io.oddsapi.batch.launch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.oddsapi.batch.OddsProperties;
import io.oddsapi.batch.coverage.ScheduleReader;
import io.oddsapi.batch.job.ShutdownSignal;
import io.oddsapi.batch.run.DateRunOwner;
import io.oddsapi.batch.run.LaunchRequest;
import io.oddsapi.batch.source.BlobSource;
import io.oddsapi.batch.source.BlobSourceException;
import io.oddsapi.batch.source.OddsObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar oddsapi-batch.jar endpoint=game-lines gameDate=2026-01-14}: runs one
 * endpoint and date; with no arguments, every endpoint and date folder in the bucket.
 * Prints a summary per run. Exit code 0 when every run completed or had nothing to do
 * (nothing new, or coalesced into a running launch), 1 when one failed, 2 when the
 * arguments or the bucket are unusable (then no work is done).
 */
@Component
@ConditionalOnProperty(name = "odds.mode", havingValue = "cli", matchIfMissing = true)
// else AdoptCommand runs
@ConditionalOnProperty(name = "odds.adopt", havingValue = "none", matchIfMissing = true)
public class CommandLineLauncher implements ApplicationRunner, ExitCodeGenerator {

	private static final Logger log = LoggerFactory.getLogger("io.oddsapi.batch.summary");

	static final int FAILED = LaunchSequence.FAILED;

	static final int UNUSABLE = LaunchSequence.UNUSABLE;

	private final DateRunOwner owner;

	private final BlobSource source;

	private final ShutdownSignal shutdown;

	private int exitCode;

	private final OddsProperties properties;

	public CommandLineLauncher(DateRunOwner owner, BlobSource source, ShutdownSignal shutdown,
			OddsProperties properties) {
		this.properties = properties;
		this.shutdown = shutdown;
		this.owner = owner;
		this.source = source;
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		List<LaunchRequest> requests;
		try {
			requests = requests(args);
		}
		catch (IllegalArgumentException | BlobSourceException ex) {
			log.error("oddsapi-batch: {}", ex.getMessage());
			exitCode = UNUSABLE;
			return;
		}
		if (requests.isEmpty()) {
			log.info("nothing to do: no endpoint/date folders under {}", source.describe());
		}
		exitCode = LaunchSequence.run(requests,
				request -> owner.launch(request.endpoint(), request.gameDate(), "command line"), shutdown,
				properties.workers());

	}

	private List<LaunchRequest> requests(ApplicationArguments args) {
		Map<String, String> params = new LinkedHashMap<>();
		for (String arg : args.getNonOptionArgs()) {
			int eq = arg.indexOf('=');
			String key = eq < 0 ? arg : arg.substring(0, eq);
			if (!key.equals("endpoint") && !key.equals("gameDate")) {
				throw new IllegalArgumentException(
						"unknown argument '" + arg + "': expected endpoint=<endpoint> gameDate=<YYYY-MM-DD>");
			}
			params.put(key, eq < 0 ? "" : arg.substring(eq + 1));
		}
		source.checkReadable();
		if (params.isEmpty()) {
			return everyDateFolder(source);
		}
		if (params.size() != 2) {
			throw new IllegalArgumentException("give both endpoint=<endpoint> and gameDate=<YYYY-MM-DD>, or neither");
		}
		return List.of(LaunchRequest.parse(params.get("endpoint"), params.get("gameDate")));
	}

	/**
	 * Every endpoint/date folder of the bucket, in the bucket's order; the schedule's
	 * folders are not endpoints, and any other folder that names no endpoint is skipped
	 * with a warning.
	 */
	static List<LaunchRequest> everyDateFolder(BlobSource source) {
		List<LaunchRequest> requests = new ArrayList<>();
		for (String folder : source.listDateFolders()) {
			if (folder.startsWith(ScheduleReader.FOLDER)) {
				continue;
			}
			String[] parts = folder.substring(OddsObjectName.ROOT.length()).split("/");
			try {
				requests.add(LaunchRequest.parse(parts[0], parts[1]));
			}
			catch (IllegalArgumentException ex) {
				log.warn("skipping folder {}: {}", folder, ex.getMessage());
			}
		}
		return requests;
	}

	@Override
	public int getExitCode() {
		return exitCode;
	}

}
