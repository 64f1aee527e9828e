package io.oddsapi.batch.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.oddsapi.batch.samples.SampleBucketGenerator;
import io.oddsapi.batch.support.ResultsFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Process start to the first object read, and the whole one-day run, with and without
 * class-data sharing (an AppCDS archive written by a training run of the same day), on
 * the packaged jar extracted as Spring Boot recommends for CDS
 * ({@code java -Djarmode=tools -jar oddsapi-batch.jar extract}). Medians of three runs,
 * each on a fresh database. {@code ./mvnw -Pbench verify} (failsafe, after package)
 * writes target/bench/startup.md.
 */
@Tag("bench")
class StartupBenchmarkIT {

	static final LocalDate DATE = LocalDate.of(2026, 1, 14);

	static final String FIRST_READ = "objects to read";

	@TempDir
	Path tempDir;

	private int runs;

	private Path jar;

	record Timing(double toFirstRead, double total) {
	}

	@Test
	void startUpWithAndWithoutClassDataSharing() throws Exception {
		Path bucket = tempDir.resolve("bucket");
		new SampleBucketGenerator(SampleBucketGenerator.Spec.fullDay(DATE, 12)).writeTo(bucket);
		Path extracted = tempDir.resolve("app");
		Process extract = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Djarmode=tools", "-jar", System.getProperty("odds.jar"), "extract", "--destination",
				extracted.toString())
			.inheritIO()
			.start();
		assertThat(extract.waitFor()).isZero();
		jar = extracted.resolve("oddsapi-batch.jar");
		Path archive = tempDir.resolve("app.jsa");
		run(bucket, "-XX:ArchiveClassesAtExit=" + archive); // training run
		assertThat(archive).exists();
		List<Timing> plain = new ArrayList<>();
		List<Timing> shared = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			plain.add(run(bucket));
			shared.add(run(bucket, "-XX:SharedArchiveFile=" + archive));
		}
		Timing p = median(plain);
		Timing s = median(shared);
		String table = String.format(Locale.ROOT, """
				| JVM | start to first object read | whole day (672 objects, H2) |
				|---|---|---|
				| plain | %.2f s | %.2f s |
				| AppCDS archive | %.2f s (%.2fx) | %.2f s (%.2fx) |
				""", p.toFirstRead(), p.total(), s.toFirstRead(), p.toFirstRead() / s.toFirstRead(), s.total(),
				p.total() / s.total());
		System.out.println(table);
		ResultsFile.of("bench", "startup", "Start-up", getClass()).table(table);
	}

	private static Timing median(List<Timing> timings) {
		double[] first = timings.stream().mapToDouble(Timing::toFirstRead).sorted().toArray();
		double[] total = timings.stream().mapToDouble(Timing::total).sorted().toArray();
		return new Timing(first[first.length / 2], total[total.length / 2]);
	}

	private Timing run(Path bucket, String... jvmOptions) throws Exception {
		Path work = Files.createDirectories(tempDir.resolve("run" + runs++));
		Path log = work.resolve("out.log");
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
		command.addAll(Arrays.asList(jvmOptions));
		command.addAll(List.of("-jar", jar.toString(), "--odds.bucket=file:" + bucket.toAbsolutePath(),
				"--spring.datasource.url=jdbc:h2:file:" + work.resolve("db/odds").toAbsolutePath()));
		long start = System.nanoTime();
		Process process = new ProcessBuilder(command).directory(work.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		double firstRead = -1;
		while (process.isAlive()) {
			if (firstRead < 0 && Files.readString(log).contains(FIRST_READ)) {
				firstRead = (System.nanoTime() - start) / 1e9;
			}
			Thread.sleep(20); // polling the child's output for the first read
		}
		assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
		double total = (System.nanoTime() - start) / 1e9;
		assertThat(process.exitValue()).as(Files.readString(log)).isZero();
		return new Timing(firstRead, total);
	}

}
