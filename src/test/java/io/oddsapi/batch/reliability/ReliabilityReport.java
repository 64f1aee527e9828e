package io.oddsapi.batch.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The suite's table, printed and written to target/reliability/report.md when the suite ends. */
final class ReliabilityReport {

	private static final List<Tally> TALLIES = new ArrayList<>();

	private ReliabilityReport() {
	}

	static synchronized void add(Tally tally) {
		TALLIES.add(tally);
	}

	static synchronized String table() {
		StringBuilder out = new StringBuilder(Tally.header()).append('\n');
		TALLIES.forEach(t -> out.append(t.line()).append('\n'));
		return out.toString();
	}

	static synchronized void publish(String heading) {
		String report = "## " + heading + "\n\n" + table();
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
