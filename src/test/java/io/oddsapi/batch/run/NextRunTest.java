package io.oddsapi.batch.run;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.oddsapi.batch.run.NextRun.After;
import io.oddsapi.batch.run.NextRun.Ended;
import io.oddsapi.batch.run.NextRun.Failure;
import io.oddsapi.batch.run.NextRun.Launch;
import io.oddsapi.batch.run.NextRun.Retries;
import io.oddsapi.batch.run.NextRun.Retry;
import io.oddsapi.batch.run.NextRun.RetryReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.batch.core.BatchStatus;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rule of the owner of a date's run, from facts alone. */
class NextRunTest {

	private static final Failure TRANSIENT_RUN = Failure.run(true, BatchStatus.FAILED);

	private static final Failure FAILED_RUN = Failure.run(false, BatchStatus.FAILED);

	@Test
	void aDateWithoutRunsStartsItsFirst() {
		assertThat(NextRun.launch(null)).isEqualTo(Launch.START);
	}

	@ParameterizedTest
	@EnumSource(value = BatchStatus.class, names = { "STARTING", "STARTED", "STOPPING" })
	void anExecutionStillMarkedRunningUnderOurLockIsRecoveredAndRestarted(BatchStatus status) {
		assertThat(NextRun.launch(status)).isEqualTo(Launch.RECOVER_AND_RESTART);
	}

	@ParameterizedTest
	@EnumSource(value = BatchStatus.class, names = { "FAILED", "STOPPED" })
	void aFailedOrStoppedRunIsRestarted(BatchStatus status) {
		assertThat(NextRun.launch(status)).isEqualTo(Launch.RESTART);
	}

	@ParameterizedTest
	@EnumSource(value = BatchStatus.class, names = { "COMPLETED", "ABANDONED", "UNKNOWN" })
	void afterACompletedAbandonedOrUnknownRunTheNextStarts(BatchStatus status) {
		assertThat(NextRun.launch(status)).isEqualTo(Launch.START);
	}

	@Test
	void everyStatusHasARule() {
		for (BatchStatus status : BatchStatus.values()) {
			assertThat(NextRun.launch(status)).as(status.name()).isNotNull();
		}
	}

	@Test
	void aFailedRunGivesUpWhateverIsLeft() {
		assertThat(NextRun.after(Ended.FAILED, true)).isEqualTo(After.GIVE_UP);
		assertThat(NextRun.after(Ended.FAILED, false)).isEqualTo(After.GIVE_UP);
	}

	@Test
	void aCompletedRestartRunsTheSameEndpointAgainForWhatCameAfterItsManifest() {
		assertThat(NextRun.after(Ended.RESTART_COMPLETED, false)).isEqualTo(After.SAME_ENDPOINT_AGAIN);
		assertThat(NextRun.after(Ended.RESTART_COMPLETED, true)).isEqualTo(After.SAME_ENDPOINT_AGAIN);
	}

	@ParameterizedTest
	@EnumSource(value = Ended.class, names = { "COMPLETED", "NOTHING_NEW" })
	void aRunOrNothingNewGoesOnToTheNextEndpointOrReleases(Ended ended) {
		assertThat(NextRun.after(ended, true)).isEqualTo(After.NEXT_ENDPOINT);
		assertThat(NextRun.after(ended, false)).isEqualTo(After.RELEASE);
	}

	@Test
	void transientFailuresAreTriedAgainFourTimesAfterPausesThatDouble() {
		Retries retries = new Retries();
		assertThat(retries.next(TRANSIENT_RUN, false, () -> false)).hasValue(transientRetry(1, 500));
		assertThat(retries.next(Failure.launching(true), false, () -> false)).hasValue(transientRetry(2, 1000));
		assertThat(retries.next(TRANSIENT_RUN, false, () -> false)).hasValue(transientRetry(3, 2000));
		assertThat(retries.next(Failure.launching(true), false, () -> false)).hasValue(transientRetry(4, 4000));
		assertThat(retries.next(Failure.launching(true), false, () -> false)).as("the fifth").isEmpty();
	}

	@Test
	void aFailureThatSaysSomethingAboutTheDataIsNotTriedAgain() {
		Retries retries = new Retries();
		assertThat(retries.next(FAILED_RUN, false, () -> false)).isEmpty();
		assertThat(retries.next(Failure.launching(false), false, () -> true)).as("no run to restart").isEmpty();
	}

	@Test
	void aFailedRunThatALaunchWaitsForIsRestartedTwice() {
		Retries retries = new Retries();
		assertThat(retries.next(FAILED_RUN, false, () -> true))
			.hasValue(new Retry(RetryReason.WAITING_LAUNCH, 1, Duration.ofMillis(500)));
		assertThat(retries.next(FAILED_RUN, false, () -> true))
			.hasValue(new Retry(RetryReason.WAITING_LAUNCH, 2, Duration.ofMillis(1000)));
		assertThat(retries.next(FAILED_RUN, false, () -> true)).as("the third").isEmpty();
	}

	@Test
	void aStoppedRunStaysStoppedThoughALaunchWaits() {
		assertThat(new Retries().next(Failure.run(false, BatchStatus.STOPPED), false, () -> true)).isEmpty();
	}

	@Test
	void aTransientFailureBeyondItsRetriesMayStillBeRestartedForAWaitingLaunch() {
		Retries retries = new Retries();
		for (int i = 1; i <= NextRun.TRANSIENT_RETRIES; i++) {
			assertThat(retries.next(TRANSIENT_RUN, false, () -> true)).hasValue(transientRetry(i, 500L << (i - 1)));
		}
		assertThat(retries.next(TRANSIENT_RUN, false, () -> true))
			.hasValue(new Retry(RetryReason.WAITING_LAUNCH, 1, Duration.ofMillis(500)));
	}

	@Test
	void theLockIsAskedAboutAWaitingLaunchOnlyForAFailedRunWithNoTransientRetryFirst() {
		AtomicInteger asked = new AtomicInteger();
		Retries retries = new Retries();
		retries.next(TRANSIENT_RUN, false, () -> asked.incrementAndGet() > 0);
		retries.next(Failure.launching(false), false, () -> asked.incrementAndGet() > 0);
		retries.next(Failure.run(false, BatchStatus.STOPPED), false, () -> asked.incrementAndGet() > 0);
		assertThat(asked).hasValue(0);
		retries.next(FAILED_RUN, false, () -> asked.incrementAndGet() > 0);
		assertThat(asked).hasValue(1);
	}

	@Test
	void nothingIsTriedAgainOnceShutdownWasRequested() {
		Retries retries = new Retries();
		assertThat(retries.next(TRANSIENT_RUN, true, () -> true)).isEmpty();
		assertThat(retries.next(FAILED_RUN, true, () -> true)).isEmpty();
		assertThat(retries.next(TRANSIENT_RUN, false, () -> false)).as("nothing was spent")
			.hasValue(transientRetry(1, 500));
	}

	private static Retry transientRetry(int attempt, long pauseMillis) {
		return new Retry(RetryReason.TRANSIENT, attempt, Duration.ofMillis(pauseMillis));
	}

}
