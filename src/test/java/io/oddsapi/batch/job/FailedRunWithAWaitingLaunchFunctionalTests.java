package io.oddsapi.batch.job;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.oddsapi.batch.lock.BatchLock;
import io.oddsapi.batch.lock.LockKey;
import io.oddsapi.batch.lock.LockState;
import io.oddsapi.batch.run.LaunchOutcome;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.BlockingFault;
import io.oddsapi.batch.support.ComparedTables;
import io.oddsapi.batch.support.Emulators;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.TestDay;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: a run fails while another launch coalesces into it (run_again). The failed
 * holder used to delete the lock, run_again with it, and the waiting launch's new object
 * stayed unpublished until some later trigger, which after the day's last scrape never
 * comes. Now the holder restarts the run a bounded number of times; when the fault is
 * gone the waiting launch's object is published with no further trigger. When the fault
 * outlasts the retries, the launch is kept pending in the lock, and the next launch of
 * the date (of either endpoint of the family) runs for it at once. On the JDBC lock (H2,
 * PostgreSQL) and the Firestore lock (emulator).
 */
class FailedRunWithAWaitingLaunchFunctionalTests extends FunctionalTest {

	static final LocalDate DATE = TestDay.DATE;

	static final LockKey KEY = LockKey.of(OddsEndpoint.GAME_LINES, DATE);

	static Stream<String> locks() {
		return Stream.of("H2", "POSTGRESQL", "FIRESTORE");
	}

	/**
	 * Holds the first run at its first chunk until released, then fails that chunk
	 * {@code failures} times.
	 */
	static final class HoldThenFail implements FaultInjector {

		final BlockingFault held = new BlockingFault("write", "1");

		final AtomicInteger failuresLeft;

		HoldThenFail(int failures) {
			this.failuresLeft = new AtomicInteger(failures);
		}

		@Override
		public void at(String point, String detail) {
			held.at(point, detail);
			if (point.equals("write") && failuresLeft.getAndDecrement() > 0) {
				throw new IllegalStateException("injected: the warehouse refused the chunk");
			}
		}

	}

	private JobHarness start(String lock, FaultInjector faults) {
		Backend backend = lock.equals("POSTGRESQL") ? Backend.POSTGRESQL : Backend.H2;
		List<String> properties = new ArrayList<>(List.of("odds.chunk-size=1"));
		if (lock.equals("FIRESTORE")) {
			properties.addAll(List.of("odds.lock.provider=firestore", "odds.lock.firestore-project=oddsapi-test",
					"odds.lock.firestore-emulator-host=" + Emulators.firestore(),
					"odds.lock.collection=locks_" + UUID.randomUUID().toString().replace("-", "")));
		}
		return start(database(backend), faults, properties.toArray(String[]::new));
	}

	private Map<String, List<String>> cleanRun() {
		try (JobHarness clean = JobHarness.start(database(Backend.H2), bucket().root())) {
			clean.launch(OddsEndpoint.GAME_LINES, DATE);
			return ComparedTables.of(clean);
		}
	}

	/**
	 * Launches game-lines; once its run is held, a new object lands and a second launch
	 * coalesces into it.
	 */
	private CompletableFuture<LaunchOutcome> holderWithAWaitingLaunch(JobHarness app, HoldThenFail faults) {
		TestDay.cycle(bucket(), 0, 2);
		CompletableFuture<LaunchOutcome> holder = CompletableFuture
			.supplyAsync(() -> app.launch(OddsEndpoint.GAME_LINES, DATE));
		faults.held.awaitReached();
		TestDay.cycle(bucket(), 1, 2);
		assertThat(app.launch(OddsEndpoint.GAME_LINES, DATE).kind()).isEqualTo(LaunchOutcome.Kind.COALESCED);
		faults.held.release();
		return holder;
	}

	@ParameterizedTest(name = "{0} lock")
	@MethodSource("locks")
	void theHolderRestartsTheFailedRunAndPublishesTheWaitingLaunchsObject(String lock) throws Exception {
		HoldThenFail faults = new HoldThenFail(1);
		JobHarness app = start(lock, faults);
		LaunchOutcome holder = holderWithAWaitingLaunch(app, faults).get(60, TimeUnit.SECONDS);

		assertThat(holder.kind()).as(holder.decision()).isEqualTo(LaunchOutcome.Kind.RAN);
		assertThat(holder.runs().get(0).completed()).as("the first attempt failed").isFalse();
		assertThat(holder.runs()).last().satisfies(run -> assertThat(run.completed()).isTrue());
		assertThat(app.rows("odds_api_game_lines")).as("both cycles, with no further trigger").isNotEmpty();
		ComparedTables.assertSameRows(ComparedTables.of(app), cleanRun());
		assertThat(app.bean(BatchLock.class).read(KEY)).isEmpty();
	}

	@ParameterizedTest(name = "{0} lock")
	@MethodSource("locks")
	void aRunThatKeepsFailingLeavesTheWaitingLaunchPendingForTheNextLaunch(String lock) throws Exception {
		HoldThenFail faults = new HoldThenFail(Integer.MAX_VALUE);
		JobHarness app = start(lock, faults);
		LaunchOutcome holder = holderWithAWaitingLaunch(app, faults).get(60, TimeUnit.SECONDS);

		assertThat(holder.kind()).isEqualTo(LaunchOutcome.Kind.FAILED);
		assertThat(holder.runs()).hasSize(3).noneMatch(run -> run.completed());
		assertThat(holder.decision()).contains("a launch that coalesced into it is kept pending");
		LockState pending = app.bean(BatchLock.class).read(KEY).orElseThrow();
		assertThat(pending.runAgain()).isTrue();

		faults.failuresLeft.set(0); // the fault is gone
		LaunchOutcome next = app.launch(OddsEndpoint.GAME_LINES_HISTORY, DATE);
		assertThat(next.decision()).contains("runs");
		assertThat(next.runs()).extracting(RunSummary::endpoint).contains("game-lines");
		assertThat(app.rows("odds_api_game_lines")).as("the backfill twin's launch ran the family").isNotEmpty();
		ComparedTables.assertSameRows(ComparedTables.of(app), cleanRun());
		assertThat(app.bean(BatchLock.class).read(KEY)).isEmpty();
	}

}
