package io.oddsapi.batch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.google.cloud.bigquery.BigQuery;
import io.oddsapi.batch.localbigquery.LocalBigQueryProcess;
import io.oddsapi.batch.samples.SampleBucketGenerator;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.source.OddsObjectName;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.BigQueryTables;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.OnLocalBigQuery;
import io.oddsapi.batch.support.ResultsFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One day end to end on the local BigQuery, with a latency per job modelled on
 * BigQuery's, in the same run two ways over the same objects, as they land cycle by
 * cycle: batched (one launch per endpoint after each scrape cycle, as the scraper
 * triggers it) against the old way (one launch per object, each with its own staging,
 * load and MERGE). Reports the jobs each way sent, the ratio of wall times and the
 * modifications of each target table; checks both end with the same rows.
 * {@code ./mvnw -Pbench verify} writes target/bench/end-to-end-bigquery.md.
 * <p>
 * BigQuery publishes no latency figures. Assumed per job: 1 s for a query, a DDL
 * statement and a script's own start, 2 s for a DML statement and for a load job; a
 * script's statements each add theirs. Divided by {@code odds.bench.latency-divisor}
 * (default 10) so the per-object way ends within minutes: with the full latencies the
 * ratio can only grow, since the latency is most of each side's time and the per-object
 * way sends more jobs.
 */
@Tag("bench")
class BigQueryEndToEndBenchmarkTests extends FunctionalTest {

	static final LocalDate DATE = LocalDate.of(2026, 1, 14);

	static final List<OddsEndpoint> ENDPOINTS = List.of(OddsEndpoint.GAME_LINES, OddsEndpoint.PLAYER_PROPS);

	static final Map<String, Duration> ASSUMED = Map.of("query", Duration.ofSeconds(1), "ddl", Duration.ofSeconds(1),
			"script", Duration.ofSeconds(1), "dml", Duration.ofSeconds(2), "load", Duration.ofSeconds(2));

	static final List<String> TARGETS = List.of("odds_api_game_lines", "odds_api_player_props",
			"odds_api_player_points_props", "odds_api_published_objects");

	record Way(String name, double seconds, long jobs, Map<String, Long> modifications, List<String> rows) {
	}

	@Test
	void oneDayCycleByCycleAgainstPerFileOnTheLocalBigQuery() throws IOException {
		int divisor = Integer.getInteger("odds.bench.latency-divisor", 10);
		Path corpus = tempDir.resolve("corpus");
		new SampleBucketGenerator(new SampleBucketGenerator.Spec(List.of(DATE), 14, 4, 4, 2, 7L)).writeTo(corpus);
		Map<Integer, List<Path>> cycles = cycles(corpus);
		long objects = cycles.values().stream().mapToLong(List::size).sum();

		try (LocalBigQueryProcess local = LocalBigQueryProcess.start()) {
			Map<String, String> latencies = new LinkedHashMap<>();
			ASSUMED.forEach((kind, latency) -> latencies.put(kind, latency.dividedBy(divisor).toMillis() + "ms"));
			local.latency(latencies);
			Way batched = run("cycle by cycle", local, corpus, cycles, false);
			Way perFile = run("per object", local, corpus, cycles, true);

			assertThat(perFile.rows()).as("both ways publish the same rows").isEqualTo(batched.rows());
			String line = String.format(Locale.ROOT,
					"| %d | %s | %.1f s | %.1f s | %.1fx | %d | %d | %.1fx | %s | %s |", objects, latencies,
					batched.seconds(), perFile.seconds(), perFile.seconds() / batched.seconds(), batched.jobs(),
					perFile.jobs(), (double) perFile.jobs() / batched.jobs(), modifications(batched),
					modifications(perFile));
			System.out.println(line);
			ResultsFile.of("bench", "end-to-end-bigquery", "End to end on the local BigQuery", getClass())
				.header("| objects | latency per job | batched | per object | speed-up | jobs batched | jobs per object "
						+ "| jobs ratio | modifications batched | modifications per object |\n"
						+ "|---|---|---|---|---|---|---|---|---|---|")
				.row(line);
			assertThat(batched.modifications().get("odds_api_game_lines")).isEqualTo(cycles.size());
			assertThat(perFile.modifications().get("odds_api_game_lines")).isEqualTo(objects / 2);
		}
	}

	private Way run(String name, LocalBigQueryProcess local, Path corpus, Map<Integer, List<Path>> cycles,
			boolean perObject) throws IOException {
		String dataset = OnLocalBigQuery.dataset();
		Path bucket = bucket(name.replace(' ', '-')).root();
		// publish only, both ways, as in EndToEndBenchmarkTests
		try (JobHarness app = JobHarness.start(database(Backend.H2), bucket,
				OnLocalBigQuery.properties(local, dataset, EndToEndBenchmarkTests.WITHOUT_COVERAGE))) {
			long start = System.nanoTime();
			for (List<Path> cycle : cycles.values()) {
				if (perObject) {
					for (Path object : cycle) {
						copy(corpus, List.of(object), bucket);
						app.launch(endpoint(corpus, object), DATE);
					}
				}
				else {
					copy(corpus, cycle, bucket);
					ENDPOINTS.forEach(endpoint -> app.launch(endpoint, DATE));
				}
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			long jobs = local.jobs()
				.stream()
				.filter(job -> job.parent() == null && job.id().startsWith("oddsapi_" + dataset + "_"))
				.count();
			Map<String, Long> modifications = new TreeMap<>();
			local.modifications().forEach((table, count) -> {
				String name2 = table.substring(table.indexOf('.') + 1);
				if (table.startsWith(dataset + ".") && TARGETS.contains(name2)) {
					modifications.put(name2, count);
				}
			});
			BigQuery client = local.client(OnLocalBigQuery.PROJECT);
			List<String> rows = new ArrayList<>();
			for (String table : List.of("odds_api_game_lines", "odds_api_player_props",
					"odds_api_player_points_props")) {
				rows.addAll(BigQueryTables.rows(client, dataset, table));
			}
			return new Way(name, seconds, jobs, modifications, rows);
		}
	}

	private static String modifications(Way way) {
		return way.modifications()
			.entrySet()
			.stream()
			.map(e -> e.getKey().replace("odds_api_", "") + " " + e.getValue())
			.collect(Collectors.joining(", "));
	}

	private static OddsEndpoint endpoint(Path corpus, Path object) {
		return OddsObjectName.parse(corpus.relativize(object).toString()).orElseThrow().endpoint();
	}

	/**
	 * The live endpoints' objects by scrape cycle: the n-th capture of every event is in
	 * cycle n.
	 */
	private static Map<Integer, List<Path>> cycles(Path corpus) throws IOException {
		Map<Integer, List<Path>> cycles = new TreeMap<>();
		try (Stream<Path> files = Files.walk(corpus)) {
			Map<Path, List<Path>> byEvent = files.filter(Files::isRegularFile)
				.filter(p -> OddsObjectName.parse(corpus.relativize(p).toString())
					.filter(n -> ENDPOINTS.contains(n.endpoint()))
					.isPresent())
				.sorted()
				.collect(Collectors.groupingBy(Path::getParent, TreeMap::new, Collectors.toList()));
			byEvent.values().forEach(captures -> {
				for (int i = 0; i < captures.size(); i++) {
					cycles.computeIfAbsent(i, n -> new ArrayList<>()).add(captures.get(i));
				}
			});
		}
		return cycles;
	}

	private static void copy(Path from, List<Path> objects, Path to) throws IOException {
		for (Path object : objects) {
			Path target = to.resolve(from.relativize(object));
			Files.createDirectories(target.getParent());
			Files.copy(object, target);
		}
	}

}
