package io.oddsapi.batch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.oddsapi.batch.job.RunSummary;
import io.oddsapi.batch.run.LaunchOutcome;
import io.oddsapi.batch.samples.SampleBucketGenerator;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.source.OddsObjectName;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.ResultsFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One day end to end (14 events x 12 snapshots x 2 endpoints = 336 objects) published by
 * one run per endpoint, against the old way measured in the same run: one run per object,
 * each with its own staging and MERGE. Reports the ratio of wall times and the MERGE
 * statements on the data tables; checks both end with the same rows. Run with
 * {@code ./mvnw -Pbench verify}; results go to {@code target/bench/end-to-end.md}.
 */
@Tag("bench")
class EndToEndBenchmarkTests extends FunctionalTest {

	static final LocalDate DATE = LocalDate.of(2026, 1, 14);

	static final List<OddsEndpoint> ENDPOINTS = List.of(OddsEndpoint.GAME_LINES, OddsEndpoint.PLAYER_PROPS);

	/**
	 * Both ways publish only, as the old pipeline did: each run's coverage record reads
	 * the whole date, which the per-file way would pay 336 times (717 s instead of 18 s
	 * on H2). Its cost per run is in the floor benchmark.
	 */
	static final String WITHOUT_COVERAGE = "odds.coverage.after-runs=false";

	@ParameterizedTest
	@EnumSource(Backend.class)
	void oneDayBatchedAgainstPerFile(Backend backend) throws IOException {
		Path corpus = tempDir.resolve("corpus");
		new SampleBucketGenerator(SampleBucketGenerator.Spec.fullDay(DATE, 12)).writeTo(corpus);
		List<Path> objects = objects(corpus);
		assertThat(objects).hasSize(336);

		copy(corpus, objects, bucket("batched").root());
		long batchedMerges = 0;
		long batchedNanos;
		List<String> batchedRows;
		try (JobHarness batched = JobHarness.start(database(backend), bucket("batched").root(), WITHOUT_COVERAGE)) {
			long start = System.nanoTime();
			for (OddsEndpoint endpoint : ENDPOINTS) {
				batchedMerges += dataMerges(batched.run(endpoint, DATE));
			}
			batchedNanos = System.nanoTime() - start;
			batchedRows = rows(batched);
		}

		Path perFileBucket = bucket("per-file").root();
		long perFileMerges = 0;
		long perFileNanos;
		List<String> perFileRows;
		try (JobHarness perFile = JobHarness.start(database(backend), perFileBucket, WITHOUT_COVERAGE)) {
			long start = System.nanoTime();
			for (Path object : objects) {
				copy(corpus, List.of(object), perFileBucket);
				OddsEndpoint endpoint = OddsObjectName.parse(corpus.relativize(object).toString())
					.orElseThrow()
					.endpoint();
				LaunchOutcome outcome = perFile.launch(endpoint, DATE);
				for (RunSummary run : outcome.runs()) {
					perFileMerges += dataMerges(run);
				}
			}
			perFileNanos = System.nanoTime() - start;
			perFileRows = rows(perFile);
		}

		assertThat(perFileRows).as("both ways publish the same rows").isEqualTo(batchedRows);
		String line = String.format(Locale.ROOT, "| %s | %d | %,d | %.2f s | %.2f s | %.1fx | %d | %d |", backend,
				objects.size(), batchedRows.size(), batchedNanos / 1e9, perFileNanos / 1e9,
				(double) perFileNanos / batchedNanos, batchedMerges, perFileMerges);
		System.out.println(line);
		ResultsFile.of("bench", "end-to-end", "One day end to end", getClass())
			.header("| backend | objects | rows | batched | per file | speed-up | MERGEs batched | MERGEs per file |\n"
					+ "|---|---|---|---|---|---|---|---|")
			.row(line);
		// game lines; props and their legacy points table: one per table batched, for
		// every object the old way
		assertThat(batchedMerges).isEqualTo(3);
		assertThat(perFileMerges).isEqualTo(168 + 2 * 168);
	}

	/** MERGEs into the data tables (the ledger's are bookkeeping both ways). */
	private static long dataMerges(RunSummary run) {
		return run.report().tables().stream().filter(t -> !t.table().equals("odds_api_published_objects")).count();
	}

	private static List<String> rows(JobHarness harness) {
		List<String> rows = new ArrayList<>(harness.rows("odds_api_game_lines"));
		rows.addAll(harness.rows("odds_api_player_props"));
		rows.addAll(harness.rows("odds_api_player_points_props"));
		return rows;
	}

	/** The live endpoints' objects, in capture order as they would land. */
	private static List<Path> objects(Path corpus) throws IOException {
		try (Stream<Path> files = Files.walk(corpus)) {
			return files.filter(Files::isRegularFile)
				.filter(p -> OddsObjectName.parse(corpus.relativize(p).toString())
					.filter(n -> ENDPOINTS.contains(n.endpoint()))
					.isPresent())
				.sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).thenComparing(Path::toString))
				.toList();
		}
	}

	private static void copy(Path from, List<Path> objects, Path to) throws IOException {
		for (Path object : objects) {
			Path target = to.resolve(from.relativize(object));
			Files.createDirectories(target.getParent());
			Files.copy(object, target);
		}
	}

}
