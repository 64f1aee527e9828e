package io.oddsapi.batch.warehouse.bigquery;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobStatistics;
import io.oddsapi.batch.job.RunSummary;
import io.oddsapi.batch.localbigquery.LocalBigQueryProcess;
import io.oddsapi.batch.localbigquery.LocalBigQueryServer;
import io.oddsapi.batch.run.LaunchOutcome;
import io.oddsapi.batch.samples.SampleBucketGenerator;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.AppProcess;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.BigQueryTables;
import io.oddsapi.batch.support.BrokenObjects;
import io.oddsapi.batch.support.ComparedTables;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.InjectedFault;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.OnLocalBigQuery;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole job on BigQuery as it behaves: the local BigQuery executes every statement
 * the BigQuery warehouse sends (through the real client), and the tables and views read
 * back through the client equal what the JDBC warehouse publishes on H2 from the same
 * objects, row for row.
 */
class LocalBigQueryJobFunctionalTests extends FunctionalTest {

	static final String PROJECT = OnLocalBigQuery.PROJECT;

	static final List<LocalDate> DATES = List.of(LocalDate.of(2026, 1, 14), LocalDate.of(2026, 1, 15));

	@LocalBigQueryServer
	static LocalBigQueryProcess local;

	static String dataset() {
		return OnLocalBigQuery.dataset();
	}

	static String[] onBigQuery(String dataset, String... more) {
		return OnLocalBigQuery.properties(local, dataset, more);
	}

	/**
	 * Every endpoint of the sample bucket, broken objects among them: BigQuery ends with
	 * H2's rows in every table.
	 */
	@Test
	void everyEndpointOfTheSampleBucketPublishesOnBigQueryWhatH2Publishes() {
		new SampleBucketGenerator(SampleBucketGenerator.Spec.bundled()).writeTo(bucket().root());
		Map<String, String> reasons = BrokenObjects.writeEveryKind(bucket(), DATES.get(0));
		String dataset = dataset();
		JobHarness h2 = start(database(Backend.H2), "odds.max-rejected-ratio=1.0");
		JobHarness bigQuery = start(database(Backend.H2), onBigQuery(dataset, "odds.max-rejected-ratio=1.0"));
		for (LocalDate date : DATES) {
			for (OddsEndpoint endpoint : OddsEndpoint.values()) {
				LaunchOutcome expected = h2.launch(endpoint, date);
				LaunchOutcome published = bigQuery.launch(endpoint, date);
				assertThat(published.runs()).as(endpoint + " " + date).hasSameSizeAs(expected.runs());
				published.runs().forEach(run -> assertThat(run.completed()).as(run.format()).isTrue());
			}
		}
		BigQuery client = local.client(PROJECT);
		Map<String, List<String>> onH2 = ComparedTables.of(h2);
		assertThat(onH2).allSatisfy((table, rows) -> assertThat(rows).as(table).isNotEmpty());
		ComparedTables.assertSameRows(ComparedTables.of(client, dataset), onH2);
		assertThat(BigQueryTables.rowMaps(client, dataset, "odds_api_rejected_files", ""))
			.as("the reasons, as worked out from the broken objects")
			.hasSize(reasons.size())
			.allSatisfy(row -> assertThat((String) row.get("reason"))
				.contains(reasons.get((String) row.get("source_file_path"))));
		RunSummary again = bigQuery.launch(OddsEndpoint.GAME_LINES, DATES.get(0))
			.runs()
			.stream()
			.findFirst()
			.orElse(null);
		assertThat(again).as("a second launch finds every object in the ledger on BigQuery").isNull();
	}

	/**
	 * Defect 1: BigQuery aborts a transaction that mutates a table another in-flight
	 * transaction mutates; every publication mutates the ledger. Both families' ledger
	 * MERGEs are made to run at the same moment (each waits for the other inside its
	 * transaction): one is aborted, retried under a new job id after a backoff, and both
	 * runs complete with exactly the rows H2 publishes.
	 */
	@Test
	void gameLinesAndPlayerPropsPublishingAtTheSameMomentBothComplete() throws Exception {
		new SampleBucketGenerator(SampleBucketGenerator.Spec.bundled()).writeTo(bucket().root());
		String dataset = dataset();
		LocalDate date = DATES.get(0);
		JobHarness h2 = start(database(Backend.H2));
		JobHarness bigQuery = start(database(Backend.H2), onBigQuery(dataset));
		local.fault("MERGE INTO `" + dataset + ".odds_api_published_objects`", "gather", 0, 2);
		var gameLines = CompletableFuture.supplyAsync(() -> bigQuery.run(OddsEndpoint.GAME_LINES, date));
		var playerProps = CompletableFuture.supplyAsync(() -> bigQuery.run(OddsEndpoint.PLAYER_PROPS, date));
		List<RunSummary> runs = List.of(gameLines.get(), playerProps.get());
		runs.forEach(run -> assertThat(run.completed()).as(run.format()).isTrue());
		assertThat(runs.stream().mapToInt(run -> run.report().retries()).sum()).as("the aborted publication's retry")
			.isEqualTo(1);
		assertThat(local.hits("MERGE INTO `" + dataset + ".odds_api_published_objects`", "gather"))
			.as("both ledger MERGEs were held until both had arrived")
			.isEqualTo(2);
		assertThat(local.jobs()).as("BigQuery's abort, as the local BigQuery reported it")
			.anyMatch(job -> job.error() != null
					&& job.error().contains("Transaction is aborted due to concurrent update"));
		h2.launch(OddsEndpoint.GAME_LINES, date);
		h2.launch(OddsEndpoint.PLAYER_PROPS, date);
		ComparedTables.assertSameRows(ComparedTables.of(local.client(PROJECT), dataset), ComparedTables.of(h2));
	}

	/**
	 * Defect 3: on PostgreSQL every session in a transaction idle for longer than the
	 * lease is ended by the server. With every BigQuery statement slower than the whole
	 * lease, the publication still completes, with H2's rows: it waits for BigQuery
	 * outside any database transaction.
	 */
	@Test
	void aPublicationSlowerThanTheLeaseCompletesOnPostgreSql() {
		new SampleBucketGenerator(SampleBucketGenerator.Spec.bundled()).writeTo(bucket().root());
		String dataset = dataset();
		Duration lease = Duration.ofSeconds(1);
		JobHarness postgres = start(database(Backend.POSTGRESQL), onBigQuery(dataset, "odds.lock.lease=" + lease));
		local.latency(Map.of("dml", "1500ms"));
		try {
			RunSummary run = postgres.run(OddsEndpoint.GAME_LINES, DATES.get(0));
			assertThat(run.completed()).as(run.format()).isTrue();
		}
		finally {
			local.latency(Map.of("dml", "0ms"));
		}
		BigQuery client = local.client(PROJECT);
		String script = local.jobs()
			.stream()
			.filter(job -> job.id().startsWith("oddsapi_" + dataset + "_") && job.statement() != null
					&& job.statement().startsWith("BEGIN TRANSACTION"))
			.map(LocalBigQueryProcess.JobLine::id)
			.collect(Collectors.collectingAndThen(Collectors.toList(), ids -> {
				assertThat(ids).as("one publication script").hasSize(1);
				return ids.get(0);
			}));
		JobStatistics statistics = client.getJob(JobId.of(PROJECT, script)).getStatistics();
		assertThat(Duration.ofMillis(statistics.getEndTime() - statistics.getStartTime()))
			.as("the publication script, as BigQuery timed it, outlived the lease")
			.isGreaterThan(lease);
		JobHarness h2 = start(database(Backend.H2));
		h2.run(OddsEndpoint.GAME_LINES, DATES.get(0));
		ComparedTables.assertSameRows(ComparedTables.of(client, dataset), ComparedTables.of(h2));
	}

	/**
	 * Defect 2: a process killed with SIGKILL while BigQuery runs its publication script.
	 * The script is held RUNNING (until the test lets it go) and the process is killed;
	 * the script then goes on with nobody watching. The relaunch, past the dead holder's
	 * lease, restarts the execution, and its job ids, derived from the run and the step,
	 * find the loads done and the script there: it attaches and completes with exactly
	 * H2's rows, and BigQuery holds one load job per staging table and one publication
	 * script for the run.
	 */
	@Test
	void aProcessKilledWhileItsPublicationScriptRunsIsRelaunchedAndAttaches() {
		new SampleBucketGenerator(SampleBucketGenerator.Spec.bundled()).writeTo(bucket().root());
		String dataset = dataset();
		LocalDate date = DATES.get(0);
		Backend.TestDatabase database = database(Backend.H2);
		local.fault("BEGIN TRANSACTION", "gather", 0, 2);
		List<String> args = new ArrayList<>(List.of("endpoint=game-lines", "gameDate=" + date));
		for (String property : onBigQuery(dataset)) {
			args.add("--" + property);
		}
		AppProcess victim = AppProcess.start(tempDir.resolve("victim"), database, bucket().root(), Map.of(),
				args.toArray(String[]::new));
		String script = awaitScriptRunning(dataset);
		victim.kill9();
		local.release("BEGIN TRANSACTION");
		assertThat(local.hits("BEGIN TRANSACTION", "gather")).as("the script held, and the release").isEqualTo(2);

		try (JobHarness next = JobHarness.start(database, bucket().root(), onBigQuery(dataset))) {
			// the dead holder's lease runs out (the test moves it instead of waiting)
			next.expireLeases();
			LaunchOutcome relaunched = next.launch(OddsEndpoint.GAME_LINES, date);
			assertThat(relaunched.kind()).isEqualTo(LaunchOutcome.Kind.RAN);
			RunSummary restarted = relaunched.runs().get(0);
			assertThat(restarted.completed()).as(restarted.format()).isTrue();
			assertThat(restarted.run()).as("the killed run, restarted").isEqualTo(1);
		}
		List<LocalBigQueryProcess.JobLine> jobs = local.jobs()
			.stream()
			.filter(job -> job.id().startsWith("oddsapi_" + dataset + "_"))
			.toList();
		Map<String, Long> loadsPerTable = jobs.stream()
			.filter(job -> job.type().equals("LOAD"))
			.collect(Collectors.groupingBy(LocalBigQueryProcess.JobLine::destination, Collectors.counting()));
		assertThat(loadsPerTable).isNotEmpty().allSatisfy((table, loads) -> assertThat(loads).as(table).isEqualTo(1));
		assertThat(
				jobs.stream().filter(job -> job.statement() != null && job.statement().startsWith("BEGIN TRANSACTION")))
			.as("one publication script")
			.extracting(LocalBigQueryProcess.JobLine::id)
			.containsExactly(script);

		JobHarness h2 = start(database(Backend.H2));
		h2.launch(OddsEndpoint.GAME_LINES, date);
		ComparedTables.assertSameRows(ComparedTables.of(local.client(PROJECT), dataset), ComparedTables.of(h2));
	}

	/**
	 * A chunk fails after its rows are written as Avro, before it commits: the spool
	 * keeps the committed chunks only, the relaunch restarts the run from there, and
	 * BigQuery gets every row once, from one load, as H2 publishes them.
	 */
	@Test
	void aChunkThatFailsBeforeItCommitsIsStagedOnceWhenTheRunRestarts() {
		new SampleBucketGenerator(SampleBucketGenerator.Spec.bundled()).writeTo(bucket().root());
		String dataset = dataset();
		LocalDate date = DATES.get(0);
		Backend.TestDatabase database = database(Backend.H2);
		InjectedFault fault = InjectedFault.failOnce("write", "3");
		try (JobHarness failing = JobHarness.start(database, bucket().root(), fault,
				onBigQuery(dataset, "odds.chunk-size=2"))) {
			RunSummary failed = failing.run(OddsEndpoint.GAME_LINES, date);
			assertThat(fault.fired()).isTrue();
			assertThat(failed.completed()).isFalse();
			assertThat(failing.jdbc()
				.queryForObject("SELECT COUNT(DISTINCT first_object * 1000 + first_event) FROM " + AvroChunkSpool.TABLE
						+ " WHERE table_name = 'odds_api_game_lines'", Long.class))
				.as("the two committed chunks' Avro")
				.isEqualTo(2);
		}
		RunSummary restarted;
		try (JobHarness relaunch = JobHarness.start(database, bucket().root(),
				onBigQuery(dataset, "odds.chunk-size=2"))) {
			restarted = relaunch.run(OddsEndpoint.GAME_LINES, date);
			assertThat(restarted.completed()).as(restarted.format()).isTrue();
			assertThat(restarted.run()).as("the failed run, restarted").isEqualTo(1);
			assertThat(relaunch.count(AvroChunkSpool.TABLE)).as("spool emptied").isZero();
		}
		JobHarness h2 = start(database(Backend.H2));
		RunSummary clean = h2.run(OddsEndpoint.GAME_LINES, date);
		assertThat(restarted.report().tables().get(0)).as("staged and collapsed as a clean run's")
			.isEqualTo(clean.report().tables().get(0));
		ComparedTables.assertSameRows(ComparedTables.of(local.client(PROJECT), dataset), ComparedTables.of(h2));
	}

	/** The id of the dataset's publication script once the local BigQuery runs it. */
	static String awaitScriptRunning(String dataset) {
		return local
			.awaitJob(job -> job.id().startsWith("oddsapi_" + dataset + "_") && job.state().equals("RUNNING")
					&& job.statement() != null && job.statement().startsWith("BEGIN TRANSACTION"))
			.id();
	}

}
