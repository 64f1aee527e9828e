package io.oddsapi.batch.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.oddsapi.batch.samples.SampleBucketGenerator;
import io.oddsapi.batch.support.ResultsFile;
import io.oddsapi.batch.support.TestBucket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Peak resident memory (GNU time's maximum RSS) of a process that publishes one day, a
 * day ten times larger, and one 256 MB object under -Xmx128m; the job holds one event at
 * a time, so the first two should be close. Runs the packaged jar, as deployed
 * ({@code ./mvnw -Pbench verify}: failsafe, after package); writes
 * target/bench/memory.md.
 */
@Tag("bench")
class MemoryBenchmarkIT {

	static final LocalDate DATE = LocalDate.of(2026, 1, 14);

	@TempDir
	Path tempDir;

	record Measured(String what, long objects, long megabytes, int exit, long peakKb, double seconds, String output) {
	}

	@Test
	void peakMemoryIsFlatInTheSizeOfTheDay() throws Exception {
		List<Measured> results = new ArrayList<>();
		for (int snapshots : new int[] { 2, 20 }) {
			Path bucket = tempDir.resolve("day" + snapshots);
			new SampleBucketGenerator(SampleBucketGenerator.Spec.fullDay(DATE, snapshots)).writeTo(bucket);
			results.add(measure("one day, 14 events x " + snapshots + " snapshots", bucket, "-Xmx256m", List.of()));
		}
		Path huge = tempDir.resolve("huge");
		writeHugeObject(new TestBucket(huge), 256L * 1024 * 1024);
		// with its coverage record: 62,000 events make 62,000 "games" of one date
		results.add(measure("one 256 MB object", huge, "-Xmx128m", List.of()));

		StringBuilder table = new StringBuilder(
				"| run | objects | MB on disk | heap limit | exit | peak RSS | time |\n|---|---|---|---|---|---|---|\n");
		for (Measured m : results) {
			table.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %d | %d MB | %.1f s |%n", m.what(),
					m.objects(), m.megabytes(), m.what().contains("256 MB") ? "128 MB" : "256 MB", m.exit(),
					m.peakKb() / 1024, m.seconds()));
		}
		System.out.println(table);
		ResultsFile.of("bench", "memory", "Memory", getClass()).table(table.toString());
		assertThat(results).allSatisfy(m -> assertThat(m.exit()).as(m.what() + "\n" + m.output()).isZero());
	}

	private Measured measure(String what, Path bucket, String heap, List<String> options)
			throws IOException, InterruptedException {
		long objects;
		long bytes;
		try (var files = Files.walk(bucket)) {
			List<Path> json = files.filter(p -> p.toString().endsWith(".json")).toList();
			objects = json.size();
			bytes = 0;
			for (Path p : json) {
				bytes += Files.size(p);
			}
		}
		Path work = Files.createDirectories(tempDir.resolve("run-" + what.hashCode()));
		Path log = work.resolve("out.log");
		List<String> command = new ArrayList<>(
				List.of("/usr/bin/time", "-v", Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap,
						"-jar", System.getProperty("odds.jar"), "--odds.bucket=file:" + bucket.toAbsolutePath(),
						"--odds.max-rejected-ratio=1.0",
						"--spring.datasource.url=jdbc:h2:file:" + work.resolve("db/odds").toAbsolutePath()));
		command.addAll(options);
		long start = System.nanoTime();
		Process process = new ProcessBuilder(command).directory(work.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		assertThat(process.waitFor(30, TimeUnit.MINUTES)).isTrue();
		double seconds = (System.nanoTime() - start) / 1e9;
		String output = Files.readString(log);
		Matcher rss = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)").matcher(output);
		assertThat(rss.find()).as(output).isTrue();
		String tail = String.join("\n", output.lines().filter(l -> !l.startsWith("\tat ")).toList());
		return new Measured(what, objects, bytes / 1_000_000, process.exitValue(), Long.parseLong(rss.group(1)),
				seconds, tail.substring(Math.max(0, tail.length() - 4000)));
	}

	/**
	 * A historical wrapper whose data holds events until the object is {@code size}
	 * bytes, on one line.
	 */
	static void writeHugeObject(TestBucket bucket, long size) throws IOException {
		String name = TestBucket.objectName("game-lines-history", DATE, "huge-MIABOS",
				Instant.parse("2026-01-14T20:00:00Z"));
		Path file = bucket.root().resolve(name);
		Files.createDirectories(file.getParent());
		String padding = "x".repeat(4000);
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
			out.write("{\"timestamp\":\"2026-01-14T20:00:00Z\",\"data\":[".getBytes(StandardCharsets.UTF_8));
			long written = 0;
			for (int e = 0; written < size; e++) {
				byte[] event = ((e == 0 ? "" : ",") + "{\"id\":\"e" + e + "\",\"sport_key\":\"basketball_nba\","
						+ "\"commence_time\":\"2026-01-15T00:30:00Z\",\"home_team\":\"Boston Celtics\",\"away_team\":"
						+ "\"Miami Heat\",\"notes\":\"" + padding + "\",\"bookmakers\":[{\"key\":\"fanduel\",\"title\":"
						+ "\"FanDuel\",\"markets\":[{\"key\":\"h2h\",\"outcomes\":[{\"name\":\"Miami Heat\",\"price\":2.5},"
						+ "{\"name\":\"Boston Celtics\",\"price\":1.5}]}]}]}")
					.getBytes(StandardCharsets.UTF_8);
				out.write(event);
				written += event.length;
			}
			out.write("]}".getBytes(StandardCharsets.UTF_8));
		}
	}

}
