package io.oddsapi.batch.launch;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.oddsapi.batch.job.ShutdownSignal;
import io.oddsapi.batch.run.DateRunOwner;
import io.oddsapi.batch.run.LaunchRequest;
import io.oddsapi.batch.samples.SampleBucketGenerator;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.ResultsFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 30-date backfill (every endpoint folder of every date) with 1 and with 2 workers
 * ({@code odds.workers}), measured in the same run on fresh databases over the same
 * objects; both must publish the same rows. {@code ./mvnw -Pbench
 * verify} writes target/bench/backfill.md.
 */
@Tag("bench")
class BackfillBenchmarkTests extends FunctionalTest {

	@ParameterizedTest
	@EnumSource(Backend.class)
	void thirtyDatesWithOneAndTwoWorkers(Backend backend) throws Exception {
		List<LocalDate> dates = new ArrayList<>();
		for (int d = 0; d < 30; d++) {
			dates.add(LocalDate.of(2026, 1, 1).plusDays(d));
		}
		new SampleBucketGenerator(new SampleBucketGenerator.Spec(dates, 3, 4, 20, 2, 9, 30L)).writeTo(bucket().root());
		List<LaunchRequest> requests = new ArrayList<>();
		for (OddsEndpoint endpoint : OddsEndpoint.values()) {
			dates.forEach(date -> requests.add(new LaunchRequest(endpoint, date)));
		}
		long[] nanos = new long[3];
		List<List<String>> rows = new ArrayList<>();
		for (int workers : new int[] { 1, 2 }) {
			try (JobHarness app = JobHarness.start(database(backend), bucket().root())) {
				DateRunOwner launcher = app.bean(DateRunOwner.class);
				launcher.prepareWarehouseOnce();
				long start = System.nanoTime();
				int exit = LaunchSequence.run(requests, r -> launcher.launch(r.endpoint(), r.gameDate(), "bench"),
						new ShutdownSignal(), workers);
				nanos[workers] = System.nanoTime() - start;
				assertThat(exit).isZero();
				List<String> all = new ArrayList<>(app.rows("odds_api_game_lines"));
				all.addAll(app.rows("odds_api_player_props"));
				rows.add(all);
			}
		}
		assertThat(rows.get(1)).as("the same rows either way").isEqualTo(rows.get(0));
		String line = String.format(Locale.ROOT, "| %s | %d | %d | %.2f s | %.2f s | %.2fx |", backend, dates.size(),
				requests.size(), nanos[1] / 1e9, nanos[2] / 1e9, (double) nanos[1] / nanos[2]);
		System.out.println(line);
		ResultsFile.of("bench", "backfill", "A 30-date backfill", getClass())
			.header("| backend | dates | launches | 1 worker | 2 workers | speed-up |\n|---|---|---|---|---|---|")
			.row(line);
	}

}
