package io.oddsapi.batch.lock;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.MutableClock;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link BatchLock} provider must do, whatever stores it. A subclass supplies
 * the provider on a fresh store, with the clock the test moves.
 */
public abstract class BatchLockContractTests {

	static final Duration LEASE = Duration.ofMinutes(5);

	/**
	 * How far from its end a lease is judged. Firestore judges by its own clock, which
	 * goes on while the test runs: a minute is more than a loaded machine takes between
	 * two calls.
	 */
	static final Duration MARGIN = Duration.ofMinutes(1);

	static final LockKey KEY = LockKey.of(OddsEndpoint.GAME_LINES, LocalDate.of(2026, 1, 14));

	protected final MutableClock clock = new MutableClock(Instant.parse("2026-01-14T23:00:00Z"));

	protected abstract BatchLock lock();

	/**
	 * Lets {@code duration} pass for the leases the store holds, by the clock that judges
	 * them.
	 */
	protected void timePasses(Duration duration) {
		clock.advance(duration);
	}

	/** Asserts that {@code instant} is now, by the clock that judges the leases. */
	protected void assertIsNow(Instant instant) {
		assertThat(instant).isEqualTo(clock.instant());
	}

	@Test
	void aFreeLockIsAcquiredAndCarriesItsHolder() {
		Acquisition acquisition = lock().acquire(KEY, "a", "host-a", "scrape", LEASE);
		assertThat(acquisition).isInstanceOf(Acquisition.Acquired.class);
		assertThat(((Acquisition.Acquired) acquisition).tookOverFrom()).isNull();
		assertThat(lock().attach(KEY, "a", 42)).isTrue();
		LockState state = lock().read(KEY).orElseThrow();
		assertThat(state).isEqualTo(new LockState(KEY.id(), "a", 42L, "host-a", state.acquiredAt(),
				state.acquiredAt().plus(LEASE), false, "scrape"));
		assertIsNow(state.acquiredAt());
	}

	@Test
	void aHeldLockCoalescesAndSetsRunAgain() {
		lock().acquire(KEY, "a", "host-a", "scrape", LEASE);
		lock().attach(KEY, "a", 42);
		Acquisition second = lock().acquire(KEY, "b", "host-b", "scrape", LEASE);
		assertThat(second).isInstanceOf(Acquisition.Coalesced.class);
		assertThat(((Acquisition.Coalesced) second).holder().executionId()).isEqualTo(42L);
		assertThat(lock().read(KEY).orElseThrow().runAgain()).isTrue();
		assertThat(lock().read(KEY).orElseThrow().token()).isEqualTo("a");
	}

	@Test
	void releaseWithRunAgainKeepsTheLockOnceThenReleases() {
		lock().acquire(KEY, "a", "host-a", "scrape", LEASE);
		lock().acquire(KEY, "b", "host-b", "scrape", LEASE);
		assertThat(lock().release(KEY, "a")).isEqualTo(BatchLock.Release.RUN_AGAIN);
		assertThat(lock().read(KEY).orElseThrow().runAgain()).isFalse();
		assertThat(lock().release(KEY, "a")).isEqualTo(BatchLock.Release.RELEASED);
		assertThat(lock().read(KEY)).isEmpty();
	}

	@Test
	void aLeaseIsTakenOverOnlyAfterItExpires() {
		lock().acquire(KEY, "a", "host-a", "scrape", LEASE);
		timePasses(LEASE.minus(MARGIN));
		assertThat(lock().acquire(KEY, "b", "host-b", "scrape", LEASE)).isInstanceOf(Acquisition.Coalesced.class);
		timePasses(MARGIN);
		Acquisition takeover = lock().acquire(KEY, "c", "host-c", "retry", LEASE);
		assertThat(takeover).isInstanceOf(Acquisition.Acquired.class);
		assertThat(((Acquisition.Acquired) takeover).tookOverFrom().token()).isEqualTo("a");
		LockState state = lock().read(KEY).orElseThrow();
		assertThat(state.token()).isEqualTo("c");
		assertThat(state.runAgain()).as("the new holder runs anyway").isFalse();
		assertIsNow(state.leaseExpiresAt().minus(LEASE));
	}

	@Test
	void renewingKeepsTheLeaseAlive() {
		lock().acquire(KEY, "a", "host-a", "scrape", LEASE);
		timePasses(LEASE.minus(MARGIN));
		assertThat(lock().renew(KEY, "a", LEASE)).isTrue();
		timePasses(LEASE.minus(MARGIN));
		assertThat(lock().acquire(KEY, "b", "host-b", "scrape", LEASE)).isInstanceOf(Acquisition.Coalesced.class);
	}

	@Test
	void aHolderThatLostItsLeaseCannotRenewAttachOrRelease() {
		lock().acquire(KEY, "a", "host-a", "scrape", LEASE);
		timePasses(LEASE.plus(MARGIN));
		lock().acquire(KEY, "b", "host-b", "retry", LEASE);
		assertThat(lock().renew(KEY, "a", LEASE)).isFalse();
		assertThat(lock().attach(KEY, "a", 1)).isFalse();
		assertThat(lock().release(KEY, "a")).isEqualTo(BatchLock.Release.LOST);
		assertThat(lock().releaseAfterFailure(KEY, "a")).isFalse();
		assertThat(lock().read(KEY).orElseThrow().token()).isEqualTo("b");
	}

	@Test
	void releaseAfterFailureDeletesTheLockWhenNoLaunchWaits() {
		lock().acquire(KEY, "a", "host-a", "scrape", LEASE);
		assertThat(lock().releaseAfterFailure(KEY, "a")).isFalse();
		assertThat(lock().read(KEY)).isEmpty();
	}

	// issue 14: a failed run used to delete the lock with the run_again of a launch that
	// coalesced into it, and that
	// launch's objects waited for a trigger that might never come
	@Test
	void releaseAfterFailureKeepsACoalescedLaunchPendingForTheNextLaunch() {
		lock().acquire(KEY, "a", "host-a", "scrape", LEASE);
		lock().acquire(KEY, "b", "host-b", "scrape", LEASE);
		assertThat(lock().releaseAfterFailure(KEY, "a")).as("kept pending").isTrue();
		LockState pending = lock().read(KEY).orElseThrow();
		assertThat(pending.runAgain()).isTrue();
		Acquisition next = lock().acquire(KEY, "c", "host-c", "scrape", LEASE);
		assertThat(next).as("taken over at once, no lease to wait for").isInstanceOf(Acquisition.Acquired.class);
		assertThat(((Acquisition.Acquired) next).tookOverFrom().runAgain()).as("told that a launch waited").isTrue();
		assertThat(lock().read(KEY).orElseThrow().runAgain()).isFalse();
	}

	@Test
	void twoTakersRacingForAnExpiredLeaseOneWins() throws Exception {
		lock().acquire(KEY, "dead", "host-a", "scrape", LEASE);
		timePasses(LEASE.plusSeconds(1));
		assertThat(race(8)).as("exactly one taker wins").isEqualTo(1);
	}

	@Test
	void takersRacingForAFreeLockOneWins() throws Exception {
		assertThat(race(8)).isEqualTo(1);
		assertThat(lock().read(KEY).orElseThrow().runAgain()).isTrue();
	}

	@Test
	void locksOfOtherDatesAndFamiliesAreIndependent() {
		lock().acquire(KEY, "a", "host-a", "scrape", LEASE);
		LockKey props = LockKey.of(OddsEndpoint.PLAYER_PROPS, KEY.gameDate());
		LockKey nextDay = LockKey.of(OddsEndpoint.GAME_LINES, KEY.gameDate().plusDays(1));
		LockKey backfill = LockKey.of(OddsEndpoint.GAME_LINES_HISTORY, KEY.gameDate());
		assertThat(lock().acquire(props, "b", "h", "t", LEASE)).isInstanceOf(Acquisition.Acquired.class);
		assertThat(lock().acquire(nextDay, "c", "h", "t", LEASE)).isInstanceOf(Acquisition.Acquired.class);
		assertThat(lock().acquire(backfill, "d", "h", "t", LEASE)).as("a backfill shares its family's lock")
			.isInstanceOf(Acquisition.Coalesced.class);
		assertThat(KEY.id()).isEqualTo("oddsapi_game-lines_batch_2026-01-14");
	}

	@Test
	void heldListsEveryStoredLockUntilItIsReleased() {
		LockKey props = LockKey.of(OddsEndpoint.PLAYER_PROPS, KEY.gameDate());
		assertThat(lock().held()).isEmpty();
		lock().acquire(KEY, "a", "host-a", "scrape", LEASE);
		lock().attach(KEY, "a", 42);
		lock().acquire(props, "b", "host-b", "api", LEASE);
		lock().acquire(KEY, "c", "host-c", "scrape", LEASE);
		assertThat(lock().held()).extracting(LockState::id, LockState::executionId, LockState::runAgain)
			.containsExactly(Tuple.tuple(KEY.id(), 42L, true), Tuple.tuple(props.id(), null, false));
		lock().release(KEY, "a"); // run_again: kept once
		lock().release(KEY, "a");
		assertThat(lock().held()).extracting(LockState::id).containsExactly(props.id());
	}

	/** Starts takers at once; returns how many acquired. */
	private long race(int takers) throws Exception {
		CyclicBarrier start = new CyclicBarrier(takers);
		ExecutorService pool = Executors.newFixedThreadPool(takers);
		try {
			List<Future<Acquisition>> results = new ArrayList<>();
			for (int i = 0; i < takers; i++) {
				String token = "t" + i;
				results.add(pool.submit((Callable<Acquisition>) () -> {
					start.await(10, TimeUnit.SECONDS);
					return lock().acquire(KEY, token, "host", "race", LEASE);
				}));
			}
			long acquired = 0;
			for (Future<Acquisition> result : results) {
				if (result.get(30, TimeUnit.SECONDS) instanceof Acquisition.Acquired) {
					acquired++;
				}
			}
			return acquired;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
