package io.oddsapi.batch.launch;

import java.util.HashMap;
import java.util.Map;

import io.oddsapi.batch.OddsProperties;
import io.oddsapi.batch.job.ShutdownSignal;
import io.oddsapi.batch.run.DateRunOwner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * {@code odds.mode=cloud-run} (the container's default): runs this task's share of the
 * {@link CloudRunPlan} and exits 0 when every run completed or had nothing to do, 1
 * otherwise (so Cloud Run retries the task), 2 when the settings are unusable. A retry
 * ({@code CLOUD_RUN_TASK_ATTEMPT} > 0) takes over the lock its killed predecessor left
 * and recovers and restarts its execution; a stopped or failed one is restarted by the
 * relaunch rules.
 */
@Component
@ConditionalOnProperty(name = "odds.mode", havingValue = "cloud-run")
public class CloudRunLauncher implements ApplicationRunner, ExitCodeGenerator {

	private static final Logger log = LoggerFactory.getLogger("io.oddsapi.batch.summary");

	private final DateRunOwner owner;

	private final Environment environment;

	private final ShutdownSignal shutdown;

	private int exitCode;

	private final OddsProperties properties;

	public CloudRunLauncher(DateRunOwner owner, Environment environment, ShutdownSignal shutdown,
			OddsProperties properties) {
		this.properties = properties;
		this.shutdown = shutdown;
		this.owner = owner;
		this.environment = environment;
	}

	@Override
	public void run(ApplicationArguments args) {
		Map<String, String> arguments = new HashMap<>();
		for (String arg : args.getNonOptionArgs()) {
			int eq = arg.indexOf('=');
			if (eq > 0) {
				arguments.put(arg.substring(0, eq), arg.substring(eq + 1));
			}
		}
		CloudRunPlan plan;
		try {
			plan = CloudRunPlan
				.of(name -> arguments.containsKey(name) ? arguments.get(name) : environment.getProperty(name));
		}
		catch (IllegalArgumentException ex) {
			log.error("oddsapi-batch: {}", ex.getMessage());
			exitCode = LaunchSequence.UNUSABLE;
			return;
		}
		log.info("cloud run task {} of {} (attempt {}): {} runs", plan.taskIndex(), plan.taskCount(), plan.attempt(),
				plan.requests().size());
		exitCode = LaunchSequence.run(plan.requests(), request -> owner.launch(request.endpoint(), request.gameDate(),
				plan.trigger(), plan.earlierAttempt(), plan.notes()), shutdown, properties.workers());

	}

	@Override
	public int getExitCode() {
		return exitCode;
	}

}
