package io.oddsapi.batch.job;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.oddsapi.batch.run.LaunchOutcome;
import io.oddsapi.batch.run.LockJournal;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.AppProcess;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.ComparedTables;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.TestDay;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.batch.core.BatchStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real processes: one is killed with SIGKILL in the middle of staging, at a point named
 * by the test; the next launch leaves its execution alone while its lease lives, and
 * recovers and restarts it once the lease has expired (or the lock row is gone), with no
 * manual SQL on the job repository. Several processes launched at once publish once.
 */
class CrashRecoveryFunctionalTests extends FunctionalTest {

	static final LocalDate DATE = ExactlyOnceFunctionalTests.DATE;

	static final String[] ARGS = { "endpoint=game-lines", "gameDate=" + DATE };

	private Backend.TestDatabase killMidStaging(Backend backend, List<String> names) {
		Backend.TestDatabase database = database(backend);
		AppProcess victim = AppProcess.start(tempDir.resolve("victim"), database, bucket().root(),
				Map.of("ODDS_FAULT_HALT", "read:" + names.get(2) + "#0"), ARGS[0], ARGS[1], "--odds.chunk-size=1");
		victim.awaitOutput("ODDS FAULT HALT");
		victim.kill9();
		return database;
	}

	private Map<String, List<String>> cleanRun(Backend backend) {
		try (JobHarness clean = JobHarness.start(database(backend), bucket().root())) {
			clean.launch(OddsEndpoint.GAME_LINES, DATE);
			return ComparedTables.of(clean);
		}
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void aKilledRunIsLeftAloneUnderItsLeaseThenRecoveredAndRestarted(Backend backend) {
		List<String> names = TestDay.cycle(bucket(), 0, 4);
		Backend.TestDatabase database = killMidStaging(backend, names);
		try (JobHarness next = JobHarness.start(database, bucket().root())) {
			assertThat(lastStatus(next)).isEqualTo(BatchStatus.STARTED);

			LaunchOutcome underLease = next.launch(OddsEndpoint.GAME_LINES, DATE);
			assertThat(underLease.kind()).isEqualTo(LaunchOutcome.Kind.COALESCED);
			assertThat(underLease.decision()).contains("coalesced into execution 1");
			assertThat(lastStatus(next)).as("left alone").isEqualTo(BatchStatus.STARTED);

			// the lease runs out (the test moves it instead of waiting)
			next.expireLeases();
			LaunchOutcome recovered = next.launch(OddsEndpoint.GAME_LINES, DATE);

			assertThat(recovered.kind()).isEqualTo(LaunchOutcome.Kind.RAN);
			RunSummary restarted = recovered.runs().get(0);
			assertThat(restarted.completed()).as(restarted.format()).isTrue();
			assertThat(restarted.run()).as("the killed run, restarted").isEqualTo(1);
			assertThat(restarted.report().tables().get(0).staged()).as("no row staged twice").isEqualTo(8);
			ComparedTables.assertSameRows(ComparedTables.of(next), cleanRun(backend));
			assertThat(next.count("odds_batch_lock")).isZero();
			// what the console shows of the restarted run's lock: taken over from the
			// dead holder
			assertThat(next.bean(LockJournal.class).ofExecution(restarted.executionId()))
				.extracting(event -> event.kind().name())
				.startsWith("TOOK_OVER", "RAN");
		}
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void aKilledRunWhoseLockRowIsGoneIsRecoveredToo(Backend backend) {
		List<String> names = TestDay.cycle(bucket(), 0, 4);
		Backend.TestDatabase database = killMidStaging(backend, names);
		try (JobHarness next = JobHarness.start(database, bucket().root())) {
			next.jdbc().update("DELETE FROM odds_batch_lock");
			LaunchOutcome recovered = next.launch(OddsEndpoint.GAME_LINES, DATE);
			assertThat(recovered.runs()).singleElement().satisfies(run -> {
				assertThat(run.completed()).isTrue();
				assertThat(run.run()).isEqualTo(1);
			});
			ComparedTables.assertSameRows(ComparedTables.of(next), cleanRun(backend));
		}
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void processesLaunchedAtOnceAllExitZeroAndPublishOnce(Backend backend) {
		TestDay.cycle(bucket(), 0, 6);
		Backend.TestDatabase database = database(backend);
		List<AppProcess> processes = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			processes.add(AppProcess.start(tempDir.resolve("p" + i), database, bucket().root(), Map.of(), ARGS));
		}
		for (AppProcess process : processes) {
			assertThat(process.waitFor()).as(process.output()).isZero();
		}
		String all = String.join("\n", processes.stream().map(AppProcess::output).toList());
		assertThat(all.lines().filter(l -> l.contains(" run 1 (execution ") && l.contains("COMPLETED")))
			.as("exactly one run publishes:\n" + all)
			.hasSize(1);
		assertThat(all).doesNotContain(" run 2 (execution ");
		try (JobHarness check = JobHarness.start(database, bucket().root())) {
			assertThat(check.count("odds_api_published_objects")).isEqualTo(6);
			ComparedTables.assertSameRows(ComparedTables.of(check), cleanRun(backend));
		}
	}

	private static BatchStatus lastStatus(JobHarness harness) {
		return BatchStatus.valueOf(harness.jdbc()
			.queryForObject("SELECT status FROM batch_job_execution ORDER BY job_execution_id DESC LIMIT 1",
					String.class));
	}

}
