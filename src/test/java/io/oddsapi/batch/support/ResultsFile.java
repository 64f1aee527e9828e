package io.oddsapi.batch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A benchmark's or the reliability suite's results as a Markdown table, written by the
 * measuring code itself: always to {@code target/<tier>/<name>.md}, and under
 * {@code -Pbench} and {@code -Preliability}, whose system property
 * {@code odds.results.dir} names {@code docs/results/}, also there, stamped with the
 * commit measured, the machine, and when. Rows added one at a time (one per test or
 * parameter) are kept, and the file is written whole after each, so a run leaves exactly
 * its own rows.
 */
public final class ResultsFile {

	public static final String DIRECTORY = "odds.results.dir";

	private static final Map<String, ResultsFile> OPEN = new LinkedHashMap<>();

	private final String tier;

	private final String name;

	private final String title;

	private final String source;

	private final List<String> rows = new ArrayList<>();

	private String header = "";

	private String footer = "";

	private ResultsFile(String tier, String name, String title, String source) {
		this.tier = tier;
		this.name = name;
		this.title = title;
		this.source = source;
	}

	/**
	 * The results file {@code name} of a benchmark ({@code tier} "bench") or of the
	 * reliability suite ("reliability"), made by {@code source} (its class).
	 */
	public static synchronized ResultsFile of(String tier, String name, String title, Class<?> source) {
		return OPEN.computeIfAbsent(tier + "/" + name,
				key -> new ResultsFile(tier, name, title, source.getSimpleName()));
	}

	/** The table's header lines (the column names and the separator). */
	public synchronized ResultsFile header(String header) {
		this.header = header.endsWith("\n") ? header : header + "\n";
		return this;
	}

	/** Text after the table: what a reader needs to read it. */
	public synchronized ResultsFile footer(String footer) {
		this.footer = footer;
		return this;
	}

	/** Adds a table row and writes the files. */
	public synchronized void row(String row) {
		rows.add(row);
		write();
	}

	/** Replaces the rows with {@code table}'s lines and writes the files. */
	public synchronized void table(String table) {
		rows.clear();
		table.lines().forEach(rows::add);
		write();
	}

	private void write() {
		String table = header + String.join("\n", rows) + "\n" + (footer.isEmpty() ? "" : "\n" + footer + "\n");
		writeTo(Path.of("target", tier, name + ".md"), table);
		String results = System.getProperty(DIRECTORY, "");
		if (!results.isBlank()) {
			writeTo(Path.of(results, name + ".md"), "# " + title + "\n\n" + stamp() + "\n\n" + table);
		}
	}

	private String stamp() {
		return "Written by `" + source + "` (`./mvnw -P" + tier + " verify`) at "
				+ Instant.now().truncatedTo(ChronoUnit.SECONDS) + " on commit " + Measured.COMMIT + ". Machine: "
				+ Measured.MACHINE + ".";
	}

	/**
	 * What a run measured, found once (git is asked on the first write, not on every
	 * row).
	 */
	private static final class Measured {

		static final String COMMIT = commit();

		static final String MACHINE = machine();

	}

	private static void writeTo(Path file, String text) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.writeString(file, text, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The commit checked out, and whether files differed from it. */
	static String commit() {
		String head = git("rev-parse", "--short=12", "HEAD").orElse("unknown (no git)");
		boolean changed = git("status", "--porcelain", "--untracked-files=no", "--", "src", "job-config", "pom.xml")
			.map(status -> !status.isBlank())
			.orElse(false);
		return "`" + head + "`" + (changed ? " with uncommitted changes to the code" : "");
	}

	static String machine() {
		String cpu = lineOf(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
		String memory = lineOf(Path.of("/proc/meminfo"), "MemTotal")
			.map(line -> Math.round(Long.parseLong(line.replaceAll("\\D", "")) / 1048576.0) + " GiB")
			.orElse("memory unknown");
		return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memory + ", "
				+ System.getProperty("os.name") + " " + System.getProperty("os.version") + ", "
				+ System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", JVM heap at most "
				+ Math.round(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / 1048576.0) + " MB";
	}

	private static Optional<String> lineOf(Path file, String key) {
		if (!Files.isReadable(file)) {
			return Optional.empty();
		}
		try (Stream<String> lines = Files.lines(file)) {
			return lines.filter(line -> line.startsWith(key))
				.findFirst()
				.map(line -> line.substring(line.indexOf(':') + 1).trim());
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private static Optional<String> git(String... args) {
		List<String> command = new ArrayList<>(List.of("git"));
		command.addAll(List.of(args));
		try {
			Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			return git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0 ? Optional.of(out) : Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
	}

}
