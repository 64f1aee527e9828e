package io.oddsapi.batch.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.oddsapi.batch.support.ResultsFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@link ReadTransformBenchmark} with JMH (one fork, warm-up then measurement) and
 * writes target/bench/read-transform.md: throughput, MB/s, rows/s, and the ratios the
 * issue sets goals for (at least 0.5x the raw Jackson floor, at least 3x the obvious
 * Spring Batch pipeline). {@code ./mvnw -Pbench verify}.
 */
@Tag("bench")
class ReadTransformBenchmarkTests {

	@Test
	void readAndTransformAgainstTheJsonFloorAndTheObviousPipeline() throws Exception {
		Options options = new OptionsBuilder().include(ReadTransformBenchmark.class.getName() + ".")
			.forks(1)
			.warmupIterations(3)
			.warmupTime(TimeValue.seconds(2))
			.measurementIterations(5)
			.measurementTime(TimeValue.seconds(2))
			.jvmArgs("-Xmx1g")
			.build();
		Collection<RunResult> results = new Runner(options).run();
		Map<String, Double> opsPerSecond = new LinkedHashMap<>();
		Map<String, Double> error = new LinkedHashMap<>();
		for (RunResult result : results) {
			String name = result.getParams().getBenchmark();
			String way = name.substring(name.lastIndexOf('.') + 1);
			opsPerSecond.put(way, result.getPrimaryResult().getScore());
			error.put(way, result.getPrimaryResult().getScoreError());
		}
		ReadTransformBenchmark day = new ReadTransformBenchmark();
		day.generateDay();
		double megabytes = day.bytes() / 1e6;
		long rows = day.oddsapiBatch();
		double floor = opsPerSecond.get("rawJacksonStreaming");
		double ours = opsPerSecond.get("oddsapiBatch");
		double obvious = opsPerSecond.get("obviousSpringBatch");
		StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
				"One day's live objects: %d files, %.1f MB, %d rows per pass%n%n", day.files.size(), megabytes, rows));
		table.append("| way | days/s (± 99.9% error) | MB/s | rows/s | vs raw Jackson | vs obvious Spring Batch |\n"
				+ "|---|---|---|---|---|---|\n");
		for (Map.Entry<String, Double> e : opsPerSecond.entrySet()) {
			table.append(String.format(Locale.ROOT, "| %s | %.2f ± %.2f | %.0f | %s | %.2fx | %.2fx |%n", e.getKey(),
					e.getValue(), error.get(e.getKey()), e.getValue() * megabytes,
					e.getKey().startsWith("jackson") || e.getKey().startsWith("raw") ? "-"
							: String.format(Locale.ROOT, "%.0f", e.getValue() * rows),
					e.getValue() / floor, e.getValue() / obvious));
		}
		System.out.println(table);
		ResultsFile.of("bench", "read-transform", "Read + transform", getClass()).table(table.toString());
		assertThat(ours).isPositive();
	}

}
