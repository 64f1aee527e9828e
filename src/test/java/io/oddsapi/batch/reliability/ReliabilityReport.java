package io.oddsapi.batch.reliability;

import java.util.ArrayList;
import java.util.List;

import io.oddsapi.batch.support.ResultsFile;

/**
 * The suite's table, printed and written to target/reliability/reliability.md when the
 * suite ends (and to docs/results/ under {@code -Preliability}).
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
		ResultsFile.of("reliability", "reliability", "Reliability", ReliabilitySuiteIT.class).table(report);
	}

}
