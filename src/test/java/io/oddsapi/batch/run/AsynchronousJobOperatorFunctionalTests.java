package io.oddsapi.batch.run;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.oddsapi.batch.job.FaultInjector;
import io.oddsapi.batch.job.RunSummary;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.InjectedFault;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.TestDay;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.batch.core.BatchStatus;
import org.springframework.boot.batch.autoconfigure.BatchTaskExecutor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The owner of a date's run does not depend on JobOperator running the job on the
 * launching thread: with Spring Batch's task executor made asynchronous, the lock step
 * still finds the run's claim, the owner waits for the run's end, and a failed run is
 * restarted by the next launch, as behind the default synchronous executor.
 */
class AsynchronousJobOperatorFunctionalTests extends FunctionalTest {

	/**
	 * Spring Batch's task executor (the qualifier Spring Boot looks for), noting the
	 * threads the jobs ran on.
	 */
	@BatchTaskExecutor
	static class AsynchronousRuns extends SimpleAsyncTaskExecutor {

		final Set<String> threads = ConcurrentHashMap.newKeySet();

		AsynchronousRuns() {
			super("async-run-");
		}

		@Override
		public void execute(Runnable task) {
			super.execute(() -> {
				threads.add(Thread.currentThread().getName());
				task.run();
			});
		}

	}

	private JobHarness start(Backend backend, AsynchronousRuns runs, FaultInjector faults) {
		return start(database(backend), bucket(), Map.of("asynchronousRuns", runs, "faultInjector", faults));
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void aDateRunsToTheEndOnAnotherThread(Backend backend) {
		TestDay.cycle(bucket(), 0, 2);
		AsynchronousRuns runs = new AsynchronousRuns();
		JobHarness app = start(backend, runs, FaultInjector.NONE);

		LaunchOutcome outcome = app.launch(OddsEndpoint.GAME_LINES, TestDay.DATE);

		assertThat(outcome.kind()).isEqualTo(LaunchOutcome.Kind.RAN);
		assertThat(outcome.runs()).singleElement().satisfies(run -> {
			assertThat(run.status()).isEqualTo(BatchStatus.COMPLETED);
			assertThat(run.objects()).isEqualTo(2);
		});
		assertThat(runs.threads).as("the job ran on the executor's thread, not the launching one")
			.singleElement()
			.satisfies(thread -> assertThat(thread).startsWith("async-run-"));
		assertThat(app.count("odds_api_game_lines")).as("2 objects of 2 outcomes each").isEqualTo(4);
		assertThat(app.launch(OddsEndpoint.GAME_LINES, TestDay.DATE).kind()).isEqualTo(LaunchOutcome.Kind.NOTHING_NEW);
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void aRunThatFailedOnAnotherThreadIsRestartedByTheNextLaunch(Backend backend) {
		TestDay.cycle(bucket(), 0, 2);
		InjectedFault fault = InjectedFault.failOnce("publish", "odds_api_game_lines");
		AsynchronousRuns runs = new AsynchronousRuns();
		JobHarness app = start(backend, runs, fault);

		LaunchOutcome failed = app.launch(OddsEndpoint.GAME_LINES, TestDay.DATE);
		assertThat(fault.fired()).isTrue();
		assertThat(failed.kind()).isEqualTo(LaunchOutcome.Kind.FAILED);
		assertThat(failed.runs()).singleElement().extracting(RunSummary::status).isEqualTo(BatchStatus.FAILED);

		LaunchOutcome restarted = app.launch(OddsEndpoint.GAME_LINES, TestDay.DATE);
		assertThat(restarted.runs()).singleElement().satisfies(run -> {
			assertThat(run.run()).as("the failed run restarted, not a new one").isEqualTo(1);
			assertThat(run.status()).isEqualTo(BatchStatus.COMPLETED);
		});
		// the failed run, its restart, and the new run after a restart, which found
		// nothing newer and was dropped
		assertThat(runs.threads).as("every execution ran on a thread of the executor")
			.hasSize(3)
			.allSatisfy(thread -> assertThat(thread).startsWith("async-run-"));
		assertThat(app.count("odds_api_game_lines")).isEqualTo(4);
	}

}
