package io.oddsapi.batch.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The suite's table, printed and written to target/reliability/report.md when the suite
 * ends.
 */
final class ReliabilityReport {

	private static final List<String> LINES = new ArrayList<>();

	private static long started = System.nanoTime();

	private ReliabilityReport() {
	}

	static synchronized void begin() {
		started = System.nanoTime();
	}

	static synchronized void add(Tally tally, long seconds) {
		LINES.add(tally.line(seconds));
	}

	static synchronized String table() {
		StringBuilder out = new StringBuilder(Tally.header()).append('\n');
		LINES.forEach(line -> out.append(line).append('\n'));
		return out.toString();
	}

	static synchronized void publish(String heading) {
		long minutes = Math.round((System.nanoTime() - started) / 60e9);
		String report = "## " + heading + "\n\n" + table() + "\n" + LINES.size() + " scenarios in " + minutes
				+ " min.\n";
		System.out.println(report);
		try {
			Path file = Path.of("target/reliability/report.md");
			Files.createDirectories(file.getParent());
			Files.writeString(file, report);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
