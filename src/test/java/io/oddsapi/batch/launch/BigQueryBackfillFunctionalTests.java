package io.oddsapi.batch.launch;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.google.cloud.bigquery.BigQuery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.oddsapi.batch.job.RunSummary;
import io.oddsapi.batch.job.ShutdownSignal;
import io.oddsapi.batch.localbigquery.LocalBigQueryProcess;
import io.oddsapi.batch.localbigquery.LocalBigQueryServer;
import io.oddsapi.batch.run.DateRunOwner;
import io.oddsapi.batch.run.LaunchRequest;
import io.oddsapi.batch.samples.SampleBucketGenerator;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.ComparedTables;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.OnLocalBigQuery;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backfill on BigQuery as it behaves (defect 1 of issue 12): every endpoint of four
 * dates launched by 2 and by 4 workers at once, as {@code odds.workers} does. Every
 * publication MERGEs into the one ledger; the first four publication scripts are made to
 * start at the same moment, so BigQuery aborts all but one of their transactions.
 * Everything completes with exactly the rows H2 publishes, and the retries the summaries
 * and the meter count are the failed jobs the local BigQuery reports.
 */
class BigQueryBackfillFunctionalTests extends FunctionalTest {

	static final List<LocalDate> DATES = List.of(LocalDate.of(2026, 1, 14), LocalDate.of(2026, 1, 15),
			LocalDate.of(2026, 1, 16), LocalDate.of(2026, 1, 17));

	@LocalBigQueryServer
	static LocalBigQueryProcess local;

	@ParameterizedTest(name = "{0} workers")
	@ValueSource(ints = { 2, 4 })
	void aBackfillWithWorkersPublishesExactlyWhatH2Publishes(int workers) {
		new SampleBucketGenerator(new SampleBucketGenerator.Spec(DATES, 2, 2, 2, 1, 3L)).writeTo(bucket().root());
		List<LaunchRequest> requests = new ArrayList<>();
		for (LocalDate date : DATES) {
			for (OddsEndpoint endpoint : OddsEndpoint.values()) {
				requests.add(new LaunchRequest(endpoint, date));
			}
		}
		String dataset = OnLocalBigQuery.dataset();
		JobHarness app = start(database(Backend.H2), OnLocalBigQuery.properties(local, dataset));
		DateRunOwner launcher = app.bean(DateRunOwner.class);
		launcher.prepareWarehouseOnce();
		local.fault("MERGE INTO `" + dataset + ".odds_api_published_objects`", "gather", 0, workers);
		List<RunSummary> runs = Collections.synchronizedList(new ArrayList<>());
		int exit = LaunchSequence.run(requests, request -> {
			var outcome = launcher.launch(request.endpoint(), request.gameDate(), "backfill");
			runs.addAll(outcome.runs());
			return outcome;
		}, new ShutdownSignal(), workers);

		assertThat(exit).isZero();
		runs.forEach(run -> assertThat(run.completed()).as(run.format()).isTrue());
		assertThat(local.hits("MERGE INTO `" + dataset + ".odds_api_published_objects`", "gather"))
			.as("the first ledger MERGE of every worker was held until all had arrived")
			.isEqualTo(workers);
		// the publications' own jobs (ids by run: _r<run>_); the coverage MERGEs of two
		// dates may collide too, and are
		// retried the same way, outside the publication's report
		long aborted = local.jobs()
			.stream()
			.filter(job -> job.id().startsWith("oddsapi_" + dataset + "_r") && job.parent() == null
					&& job.error() != null)
			.peek(job -> assertThat(job.error()).contains("Transaction is aborted due to concurrent update"))
			.count();
		assertThat(aborted).as("the scripts that started together collided").isGreaterThanOrEqualTo(workers - 1);
		assertThat(runs.stream().mapToLong(run -> run.report().retries()).sum()).as("retries in the summaries")
			.isEqualTo(aborted);
		double metered = app.bean(MeterRegistry.class)
			.find("odds.publish.retries")
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
		assertThat((long) metered).as("retries in the meter, over its endpoint tags").isEqualTo(aborted);

		JobHarness h2 = start(database(Backend.H2));
		requests.forEach(request -> h2.launch(request.endpoint(), request.gameDate()));
		BigQuery client = local.client(OnLocalBigQuery.PROJECT);
		ComparedTables.assertSameRows(ComparedTables.of(client, dataset), ComparedTables.of(h2));
	}

}
