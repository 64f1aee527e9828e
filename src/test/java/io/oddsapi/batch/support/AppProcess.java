package io.oddsapi.batch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.oddsapi.batch.OddsBatchApplication;
import io.oddsapi.batch.job.FaultPoints;
import io.oddsapi.batch.job.HaltingFaultInjector;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The application as a separate JVM, launched the way a user launches it, for tests where
 * a process must die or several must race. Output goes to a file the test can read.
 */
public final class AppProcess {

	private final Process process;

	private final Path output;

	private AppProcess(Process process, Path output) {
		this.process = process;
		this.output = output;
	}

	/** The application from the test class path. */
	public static AppProcess start(Path workDir, Backend.TestDatabase database, Path bucket, Map<String, String> env,
			String... args) {
		return start(List.of("-cp", System.getProperty("java.class.path"), OddsBatchApplication.class.getName(),
				FAULT_POINTS), workDir, database, bucket, env, args);
	}

	/**
	 * The packaged jar, as it is deployed: integration tests ({@code *IT}, run by
	 * failsafe after {@code package}) are given its path in the system property
	 * {@code odds.jar}.
	 */
	public static AppProcess startPackaged(Path workDir, Backend.TestDatabase database, Path bucket,
			Map<String, String> env, String... args) {
		return startPackaged(List.of(), workDir, database, bucket, env, args);
	}

	/**
	 * The packaged jar under a wrapper command that ends by executing its arguments (a
	 * shell that lowers a limit first, {@code setpriv} dropping capabilities).
	 */
	public static AppProcess startPackaged(List<String> wrapper, Path workDir, Backend.TestDatabase database,
			Path bucket, Map<String, String> env, String... args) {
		String jar = System.getProperty("odds.jar");
		if (jar == null || !Files.isRegularFile(Path.of(jar))) {
			throw new IllegalStateException("no packaged jar (system property odds.jar: " + jar
					+ "); run integration tests with ./mvnw verify");
		}
		if (!env.containsKey(HaltingFaultInjector.ENVIRONMENT_VARIABLE)) {
			return start(wrapper, List.of("-jar", jar), workDir, database, bucket, env, args);
		}
		// the jar's own launcher, with the test classes beside it for the fault points'
		// configuration
		return start(wrapper,
				List.of("-Dloader.path=" + testClasses(), "-cp", jar,
						"org.springframework.boot.loader.launch.PropertiesLauncher", FAULT_POINTS),
				workDir, database, bucket, env, args);
	}

	/**
	 * Adds the fault points of {@code ODDS_FAULT_HALT} to the application: they are test
	 * configuration.
	 */
	private static final String FAULT_POINTS = "--spring.main.sources=" + FaultPoints.class.getName();

	private static String testClasses() {
		try {
			return Path.of(FaultPoints.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static AppProcess start(List<String> application, Path workDir, Backend.TestDatabase database, Path bucket,
			Map<String, String> env, String... args) {
		return start(List.of(), application, workDir, database, bucket, env, args);
	}

	private static AppProcess start(List<String> wrapper, List<String> application, Path workDir,
			Backend.TestDatabase database, Path bucket, Map<String, String> env, String... args) {
		List<String> command = new ArrayList<>(wrapper);
		command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
				"-XX:TieredStopAtLevel=1"));
		command.addAll(application);
		return startCommand(command, true, workDir, database, bucket, env, args);
	}

	/**
	 * {@code entrypoint} as it stands (a container image's, say), then {@code args}, the
	 * database and the bucket; the environment is {@code env}, added to this process's
	 * own where {@code inherit} (a container inherits nothing).
	 */
	public static AppProcess startCommand(List<String> entrypoint, boolean inherit, Path workDir,
			Backend.TestDatabase database, Path bucket, Map<String, String> env, String... args) {
		try {
			Files.createDirectories(workDir);
			Path output = Files.createTempFile(workDir, "app-", ".log");
			List<String> command = new ArrayList<>(entrypoint);
			command.addAll(List.of(args));
			command.addAll(List.of("--spring.datasource.url=" + database.url(),
					"--spring.datasource.username=" + database.username(),
					"--spring.datasource.password=" + database.password(),
					"--odds.bucket=file:" + bucket.toAbsolutePath()));
			ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile());
			if (!inherit) {
				builder.environment().clear();
			}
			builder.environment().putAll(env);
			return new AppProcess(builder.start(), output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Waits for the process to end; returns its exit code. */
	public int waitFor() {
		try {
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError("process did not end within 120 s:\n" + output());
			}
			return process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Waits until the output holds {@code marker} (the process got there), or fails after
	 * 120 s.
	 */
	public void awaitOutput(String marker) {
		if (!reaches(marker)) {
			throw new AssertionError("process ended before printing '" + marker + "':\n" + output());
		}
	}

	/**
	 * Waits until the output holds {@code marker} (true) or the process ends without it
	 * (false).
	 */
	public boolean reaches(String marker) {
		try {
			Awaitility.await("'" + marker + "' in the output")
				.atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> output().contains(marker) || !process.isAlive());
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("no '" + marker + "' within 120 s:\n" + output(), ex);
		}
		return output().contains(marker);
	}

	/**
	 * The port a server-mode process says it took once ready ({@code server.port=0}, or
	 * {@code PORT=0}).
	 */
	public int readyPort() {
		awaitOutput(READY);
		Matcher port = Pattern.compile(Pattern.quote(READY) + "(\\d+)").matcher(output());
		if (!port.find()) {
			throw new AssertionError("no port after '" + READY + "':\n" + output());
		}
		return Integer.parseInt(port.group(1));
	}

	private static final String READY = "server mode: ready on port ";

	/**
	 * Lets a process halted at its fault point ({@code ODDS_FAULT_HALT}) go on: a line on
	 * its standard input.
	 */
	public void resume() {
		try {
			process.getOutputStream().write('\n');
			process.getOutputStream().flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * SIGSTOP: the whole JVM freezes, lease renewal included, as a VM paused or a process
	 * starved of CPU.
	 */
	public void pause() {
		signal("STOP");
	}

	/** SIGCONT after {@link #pause()}. */
	public void unpause() {
		signal("CONT");
	}

	private void signal(String name) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
			if (kill.waitFor() != 0) {
				throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** SIGTERM, as Cloud Run sends before it stops a task. */
	public void terminate() {
		process.destroy();
	}

	/** SIGKILL: no shutdown hook, no clean-up, as {@code kill -9}. */
	public void kill9() {
		process.destroyForcibly();
		waitFor();
	}

	public String output() {
		try {
			return Files.readString(output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
