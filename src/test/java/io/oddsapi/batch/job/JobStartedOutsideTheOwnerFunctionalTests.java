package io.oddsapi.batch.job;

import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.oddsapi.batch.lock.BatchLock;
import io.oddsapi.batch.lock.LockKey;
import io.oddsapi.batch.run.DateRunOwner;
import io.oddsapi.batch.run.LaunchOutcome;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.BlockingFault;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.TestDay;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.test.JobOperatorTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13: only the owner of a date's run takes its lock, and the job never does. An
 * execution started past it, as Spring Batch's JobOperator (or a generic console) would,
 * fails in its lock step with a message that says what to do, before it lists or
 * publishes anything and without touching the lock; the owner's next launch restarts it
 * and publishes. This holds while the owner itself holds the date's lock on another
 * thread of the same process.
 */
class JobStartedOutsideTheOwnerFunctionalTests extends FunctionalTest {

	static final LocalDate DATE = TestDay.DATE;

	static final LockKey KEY = LockKey.of(OddsEndpoint.GAME_LINES, DATE);

	private static JobOperatorTestUtils outsideTheOwner(JobHarness app) {
		JobOperatorTestUtils utils = new JobOperatorTestUtils(app.bean(JobOperator.class),
				app.bean(JobRepository.class));
		utils.setJob(app.bean(Job.class));
		return utils;
	}

	private static void assertStoppedInItsLockStep(JobExecution execution) {
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(execution.getStepExecutions()).extracting(StepExecution::getStepName).containsExactly("lock");
		assertThat(execution.getAllFailureExceptions()).singleElement()
			.isInstanceOf(NotLaunchedUnderLockException.class)
			.satisfies(ex -> assertThat(ex.getMessage()).contains("was started without the date's lock")
				.contains("Launch or restart the date with the command line, the REST API or a notification"));
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void aDirectStartStopsInItsLockStepAndTheNextLaunchRestartsIt(Backend backend) throws Exception {
		TestDay.cycle(bucket(), 0, 2);
		JobHarness app = start(database(backend));
		// as a server does at start-up: the tables exist, empty
		app.bean(DateRunOwner.class).prepareWarehouseOnce();

		JobExecution direct = outsideTheOwner(app)
			.startJob(new RunParameters(OddsEndpoint.GAME_LINES, DATE, 1).toJobParameters());

		assertStoppedInItsLockStep(direct);
		assertThat(direct.getExecutionContext().containsKey(ListObjectsTasklet.MANIFEST_KEY)).as("nothing listed")
			.isFalse();
		assertThat(app.count("odds_api_game_lines")).as("nothing published").isZero();
		assertThat(app.bean(BatchLock.class).read(KEY)).as("the lock untouched").isEmpty();

		LaunchOutcome launch = app.launch(OddsEndpoint.GAME_LINES, DATE);
		assertThat(launch.runs()).singleElement().satisfies(run -> {
			assertThat(run.run()).as("the owner restarts the failed run").isEqualTo(1L);
			assertThat(run.completed()).isTrue();
		});
		assertThat(app.count("odds_api_game_lines")).as("2 objects of 2 outcomes each").isEqualTo(4);
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void aDirectRestartWhileTheOwnerHoldsTheDateStopsInItsLockStep(Backend backend) throws Exception {
		TestDay.cycle(bucket(), 0, 2);
		BlockingFault held = new BlockingFault("write", "1");
		JobHarness app = start(database(backend), held);
		CompletableFuture<LaunchOutcome> holder = CompletableFuture
			.supplyAsync(() -> app.launch(OddsEndpoint.GAME_LINES, DATE));
		held.awaitReached();

		JobExecution direct = outsideTheOwner(app)
			.startJob(new RunParameters(OddsEndpoint.GAME_LINES, DATE, 2).toJobParameters());

		assertStoppedInItsLockStep(direct);
		assertThat(app.bean(BatchLock.class).read(KEY)).as("the owner still holds the date")
			.hasValueSatisfying(state -> assertThat(state.executionId()).isNotEqualTo(direct.getId()));
		held.release();
		LaunchOutcome outcome = holder.get(60, TimeUnit.SECONDS);
		assertThat(outcome.runs()).extracting(run -> run.run()).first().isEqualTo(1L);
		assertThat(outcome.runs()).allMatch(run -> run.completed());
		assertThat(app.rows("odds_api_game_lines")).as("2 objects of 2 outcomes each").hasSize(4);
	}

}
