package io.oddsapi.batch.job;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.oddsapi.batch.run.LaunchOutcome;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.BlockingFault;
import io.oddsapi.batch.support.ComparedTables;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.MutableClock;
import io.oddsapi.batch.support.TestBucket;
import io.oddsapi.batch.support.TestDay;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly once across a day: concurrent launches, files that land during a run, runs that
 * only read what is new, and a holder that loses its lease while paused. The tables
 * always equal one clean run over the same objects.
 */
class ExactlyOnceFunctionalTests extends FunctionalTest {

	static final LocalDate DATE = TestDay.DATE;

	/** Every table as one clean run over everything in the bucket gives it. */
	private Map<String, List<String>> cleanRun(Backend backend, TestBucket bucket) {
		return cleanRun(backend, bucket, Map.of());
	}

	/**
	 * The same, with the test's beans (its clock: coverage flags games by how near
	 * tip-off "now" is).
	 */
	private Map<String, List<String>> cleanRun(Backend backend, TestBucket bucket, Map<String, Object> beans) {
		try (JobHarness clean = JobHarness.start(database(backend), bucket.root(), beans)) {
			LaunchOutcome outcome = clean.launch(OddsEndpoint.GAME_LINES, DATE);
			assertThat(outcome.runs()).hasSize(1);
			assertThat(clean.count("odds_api_game_lines")).as("the clean run published").isPositive();
			return ComparedTables.of(clean);
		}
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void concurrentLaunchesPublishOnceAndAllSucceed(Backend backend) throws Exception {
		TestDay.cycle(bucket(), 0, 6);
		JobHarness job = start(database(backend));
		int launches = 6;
		CyclicBarrier together = new CyclicBarrier(launches);
		ExecutorService pool = Executors.newFixedThreadPool(launches);
		List<Future<LaunchOutcome>> futures = new ArrayList<>();
		for (int i = 0; i < launches; i++) {
			futures.add(pool.submit(() -> {
				together.await(30, TimeUnit.SECONDS);
				return job.launch(OddsEndpoint.GAME_LINES, DATE);
			}));
		}
		List<LaunchOutcome> outcomes = new ArrayList<>();
		for (Future<LaunchOutcome> future : futures) {
			outcomes.add(future.get(120, TimeUnit.SECONDS));
		}
		pool.shutdown();
		assertThat(outcomes).allMatch(LaunchOutcome::succeeded);
		assertThat(outcomes.stream().mapToLong(o -> o.runs().size()).sum()).as("one run for the round").isEqualTo(1);
		assertThat(job.count("odds_api_published_objects")).isEqualTo(6);
		assertThat(job.count("odds_batch_lock")).as("released").isZero();
		ComparedTables.assertSameRows(ComparedTables.of(job), cleanRun(backend, bucket()));
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void filesLandingDuringARunArePublishedByItsRunAgainPass(Backend backend) throws Exception {
		List<String> first = TestDay.cycle(bucket(), 0, 3);
		AtomicReference<JobHarness> harness = new AtomicReference<>();
		AtomicBoolean landed = new AtomicBoolean();
		FaultInjector lateFiles = (point, detail) -> {
			if (point.equals("read") && detail.equals(first.get(1) + "#0") && landed.compareAndSet(false, true)) {
				// the next scrape lands mid-run and triggers its own launch, which
				// coalesces
				TestDay.cycle(bucket(), 1, 3);
				LaunchOutcome coalesced = inAnotherThread(() -> harness.get().launch(OddsEndpoint.GAME_LINES, DATE));
				assertThat(coalesced.kind()).isEqualTo(LaunchOutcome.Kind.COALESCED);
			}
		};
		harness.set(start(database(backend), lateFiles));
		LaunchOutcome outcome = harness.get().launch(OddsEndpoint.GAME_LINES, DATE);

		assertThat(landed).isTrue();
		assertThat(outcome.runs()).extracting(RunSummary::objects)
			.as("frozen input, then the late files")
			.containsExactly(3, 3);
		ComparedTables.assertSameRows(ComparedTables.of(harness.get()), cleanRun(backend, bucket()));
		assertThat(harness.get().count("odds_batch_lock")).isZero();
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void eachRunOfTheDayReadsOnlyItsNewObjects(Backend backend) {
		JobHarness job = start(database(backend));
		for (int c = 0; c < 3; c++) {
			TestDay.cycle(bucket(), c, 4);
			RunSummary run = job.run(OddsEndpoint.GAME_LINES, DATE);
			assertThat(run.objects()).as("cycle " + c + " reads its 4 objects").isEqualTo(4);
			assertThat(run.alreadyPublished()).isEqualTo(4 * c);
			assertThat(run.counts().events()).isEqualTo(4);
		}
		assertThat(job.launch(OddsEndpoint.GAME_LINES, DATE).kind()).isEqualTo(LaunchOutcome.Kind.NOTHING_NEW);
		assertThat(job.rows("odds_api_game_lines")).hasSize(24);
		ComparedTables.assertSameRows(ComparedTables.of(job), cleanRun(backend, bucket()));
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void aHolderThatLostItsLeaseWhilePausedCannotDoubleRows(Backend backend) throws Exception {
		List<String> names = TestDay.cycle(bucket(), 0, 3);
		MutableClock clock = new MutableClock(Instant.parse("2026-01-14T23:00:00Z"));
		AtomicReference<JobHarness> harness = new AtomicReference<>();
		AtomicReference<LaunchOutcome> takeover = new AtomicReference<>();
		AtomicBoolean paused = new AtomicBoolean();
		FaultInjector pauseAndLoseTheLease = (point, detail) -> {
			if (point.equals("read") && detail.equals(names.get(1) + "#0") && paused.compareAndSet(false, true)) {
				// paused past the lease: the next launch takes the lock over and finishes
				// the date meanwhile
				clock.advance(Duration.ofMinutes(6));
				takeover.set(inAnotherThread(() -> harness.get().launch(OddsEndpoint.GAME_LINES, DATE)));
			}
		};
		harness.set(start(database(backend), bucket(), Map.of("faultInjector", pauseAndLoseTheLease, "clock", clock),
				"odds.chunk-size=1"));
		LaunchOutcome paused1 = harness.get().launch(OddsEndpoint.GAME_LINES, DATE);

		assertThat(takeover.get().decision()).isNotNull();
		assertThat(takeover.get().runs()).isNotEmpty()
			.allSatisfy(run -> assertThat(run.completed()).as(run.format()).isTrue());
		assertThat(paused1.runs()).hasSize(1);
		RunSummary fenced = paused1.runs().get(0);
		// fenced: the takeover moved the execution on, so the old holder's next write to
		// it is refused
		assertThat(fenced.completed()).as(fenced.format()).isFalse();
		assertThat(fenced.format()).contains("wrong version");
		assertThat(fenced.mergeStatements()).as("the old holder published nothing").isZero();
		ComparedTables.assertSameRows(ComparedTables.of(harness.get()),
				cleanRun(backend, bucket(), Map.of("clock", clock)));
		assertThat(harness.get().count("odds_api_published_objects")).isEqualTo(3);
	}

	private static LaunchOutcome inAnotherThread(Callable<LaunchOutcome> launch) {
		ExecutorService other = Executors.newSingleThreadExecutor();
		try {
			return other.submit(launch).get(120, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			other.shutdownNow();
		}
	}

	/**
	 * The live scrape and its backfill share a lock (and tables): a live launch that
	 * coalesces into a running backfill is run by the backfill's holder before it lets go
	 * of the lock, not dropped.
	 */
	@ParameterizedTest
	@EnumSource(Backend.class)
	void aLaunchThatCoalescesIntoItsBackfillTwinIsRunByTheHolder(Backend backend) throws Exception {
		bucket().put("game-lines-history", DATE, "e1-MIABOS", Instant.parse("2026-01-14T18:00:00Z"),
				TestDay.EVENT.formatted("e1", "2.2"));
		bucket().put("game-lines-history", DATE, "e2-MIABOS", Instant.parse("2026-01-14T18:00:00Z"),
				TestDay.EVENT.formatted("e2", "2.3"));
		BlockingFault held = new BlockingFault("write", "1");
		JobHarness app = start(database(backend), held, "odds.chunk-size=1");
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			Future<LaunchOutcome> backfill = pool.submit(() -> app.launch(OddsEndpoint.GAME_LINES_HISTORY, DATE));
			held.awaitReached();
			TestDay.cycle(bucket(), 0, 2); // the live scrape lands meanwhile
			LaunchOutcome live = app.launch(OddsEndpoint.GAME_LINES, DATE);
			assertThat(live.kind()).isEqualTo(LaunchOutcome.Kind.COALESCED);
			held.release();
			LaunchOutcome holder = backfill.get(60, TimeUnit.SECONDS);
			assertThat(holder.runs()).extracting(run -> run.endpoint())
				.containsExactly("game-lines-history", "game-lines");
			assertThat(app.rowMaps("odds_api_game_lines", "data_source = 'current'")).hasSize(4);
			assertThat(app.rowMaps("odds_api_game_lines", "data_source = 'historical'")).hasSize(4);
			assertThat(app.launch(OddsEndpoint.GAME_LINES, DATE).kind()).isEqualTo(LaunchOutcome.Kind.NOTHING_NEW);
		}
		finally {
			pool.shutdownNow();
		}
	}

}
