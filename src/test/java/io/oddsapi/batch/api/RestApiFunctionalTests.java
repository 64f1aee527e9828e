package io.oddsapi.batch.api;

import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.oddsapi.batch.job.FaultInjector;
import io.oddsapi.batch.lock.BatchLock;
import io.oddsapi.batch.lock.LockKey;
import io.oddsapi.batch.run.RunNumbers;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.ApiClient;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.BlockingFault;
import io.oddsapi.batch.support.ComparedTables;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.InjectedFault;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.TestDay;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST API on a real port: launch, poll until done, and every JobOperator verb, each
 * ending with tables equal to a clean run's, row for row; and every 400/404/409 answer as
 * a problem a person can act on.
 */
@ExtendWith(OutputCaptureExtension.class)
class RestApiFunctionalTests extends FunctionalTest {

	static final String TOKEN = "test-token-0123456789";

	static final LocalDate DATE = TestDay.DATE;

	static final String DAY = "{\"endpoint\":\"game-lines\",\"gameDate\":\"2026-01-14\"}";

	private JobHarness server;

	private ApiClient api;

	private void startServer(Backend backend, FaultInjector faults, String... properties) {
		List<String> all = new ArrayList<>(
				List.of("odds.mode=server", "server.port=0", "odds.api.token=" + TOKEN, "odds.chunk-size=1"));
		all.addAll(List.of(properties));
		server = start(database(backend), bucket(), Map.of("faultInjector", faults), all.toArray(String[]::new));
		api = ApiClient.of(server, TOKEN);
	}

	private Map<String, List<String>> cleanRun() {
		try (JobHarness clean = JobHarness.start(database(Backend.H2), bucket().root())) {
			assertThat(clean.run(OddsEndpoint.GAME_LINES, DATE).completed()).isTrue();
			return ComparedTables.of(clean);
		}
	}

	/**
	 * Until every launch of the server has ended, lock released: the runs are
	 * asynchronous.
	 */
	private void awaitIdle() {
		ThreadPoolTaskExecutor launches = server.bean(ThreadPoolTaskExecutor.class);
		Awaitility.await("every launch of the server to end")
			.atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> launches.getActiveCount() == 0);
	}

	private long launched(ApiClient.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(202);
		long id = response.json().path("executionId").asLong();
		assertThat(response.header("Location")).isEqualTo("/api/v1/executions/" + id);
		return id;
	}

	private void assertProblem(ApiClient.Response response, int status, String detail) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().path("status").asInt()).isEqualTo(status);
		assertThat(response.json().path("detail").asString()).contains(detail);
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void launchesPollsListsAndFindsNothingNewAfterwards(Backend backend) {
		TestDay.cycle(bucket(), 0, 3);
		startServer(backend, FaultInjector.NONE);
		long id = launched(api.post("/api/v1/batches", DAY));
		JsonNode execution = api.awaitEnd(id);
		assertThat(execution.path("status").asString()).isEqualTo("COMPLETED");
		assertThat(execution.path("files").path("total").asInt()).isEqualTo(3);
		assertThat(execution.path("files").path("done").asInt()).isEqualTo(3);
		assertThat(execution.path("parameters").path("trigger").asString()).as("who launched it")
			.isEqualTo("api by default");
		assertThat(execution.path("steps").findValuesAsString("name")).containsExactly("lock", "list", "stage",
				"publish", "coverage");
		assertThat(execution.path("tables").get(0).path("table").asString()).isEqualTo("odds_api_game_lines");
		assertThat(execution.path("mergeStatements").asLong()).as("the table's and the ledger's").isEqualTo(2);
		awaitIdle();
		ComparedTables.assertSameRows(ComparedTables.of(server), cleanRun());
		assertThat(api.get("/actuator/prometheus").body())
			.contains("odds_objects_total{endpoint=\"game-lines\",outcome=\"published\"} 3.0")
			.contains("odds_lock_claims_total{endpoint=\"game-lines\",outcome=\"acquired\"} 1.0")
			.contains("spring_batch_job_seconds_count");

		ApiClient.Response again = api.post("/api/v1/batches", DAY);
		assertThat(again.status()).as(again.toString()).isEqualTo(200);
		assertThat(again.json().path("status").asString()).isEqualTo("nothing-new");

		JsonNode page = api.get("/api/v1/executions?endpoint=game-lines&gameDate=2026-01-14").json();
		assertThat(page.path("executions").size()).isEqualTo(1);
		assertThat(page.path("total").asLong()).isEqualTo(1);
		assertThat(page.path("size").asInt()).isEqualTo(20);
		assertThat(page.path("executions").get(0).path("id").asLong()).isEqualTo(id);
		assertThat(api.get("/api/v1/executions?status=failed").json().path("executions").isEmpty()).isTrue();
		assertThat(api.get("/api/v1/executions?gameDate=2026-01-15").json().path("executions").isEmpty()).isTrue();
		assertThat(api.get("/api/v1/executions?page=1").json().path("executions").isEmpty()).isTrue();
		assertThat(api.get("/api/v1/executions?from=2026-01-14&to=2026-01-15").json().path("executions").size())
			.isEqualTo(1);
		assertThat(api.get("/api/v1/executions?from=2026-01-15").json().path("executions").isEmpty()).isTrue();
		assertThat(api.get("/api/v1/executions?to=2026-01-13").json().path("executions").isEmpty()).isTrue();
		assertProblem(api.get("/api/v1/executions?gameDate=2026-01-14&from=2026-01-01"), 400, "not both");

		JsonNode dates = api.get("/api/v1/dates?from=2025-10-01&to=2026-06-30").json();
		assertThat(dates.size()).isEqualTo(1);
		assertThat(dates.get(0).path("gameDate").asString()).isEqualTo("2026-01-14");
		assertThat(dates.get(0).path("statuses").get(0).asString()).isEqualTo("COMPLETED");
		assertThat(dates.get(0).path("games").asLong()).as("the run's coverage record: three games").isEqualTo(3);
		assertProblem(api.get("/api/v1/dates?from=2025-01-01&to=2026-06-30"), 400, "at most 400 days");
		// the day the run was created, as the job repository recorded it (not the test's
		// "now", which may be tomorrow)
		String runDay = server.jdbc()
			.queryForObject("SELECT CAST(create_time AS DATE) FROM batch_job_execution WHERE job_execution_id = ?",
					Date.class, id)
			.toString();
		JsonNode daily = api.get("/api/v1/daily?from=" + runDay + "&to=" + runDay).json();
		assertThat(daily.get(0).path("runs").asInt()).isEqualTo(1);
		assertThat(daily.get(0).path("rowsPublished").asLong())
			.as("3 objects of 2 outcomes each, and their 3 ledger rows, counted in the tables")
			.isEqualTo(server.count("odds_api_game_lines") + server.count("odds_api_published_objects"))
			.isEqualTo(9);
		assertThat(api.get("/api/v1/locks").json().isEmpty()).as("released after the run").isTrue();
	}

	@Test
	void restartsAFailedExecution() {
		TestDay.cycle(bucket(), 0, 3);
		startServer(Backend.H2, InjectedFault.failOnce("write", "2"));
		long failed = launched(api.post("/api/v1/batches", DAY));
		assertThat(api.awaitEnd(failed).path("status").asString()).isEqualTo("FAILED");
		// once the date is released: Spring Batch saves a failed execution before its
		// listeners (with the raw trace,
		// cut to 2,500 characters) and again after them (FailureDescription's innermost
		// cause first)
		awaitIdle();
		JsonNode execution = api.get("/api/v1/executions/" + failed).json();
		assertThat(execution.path("error").asString()).contains("injected fault at write 2");
		assertThat(execution.path("files").path("done").asInt()).as("objects finished before the fault").isLessThan(2);

		long restarted = launched(api.post("/api/v1/executions/" + failed + "/restart", ""));
		assertThat(restarted).isNotEqualTo(failed);
		assertThat(api.awaitEnd(restarted).path("status").asString()).isEqualTo("COMPLETED");
		awaitIdle();
		ComparedTables.assertSameRows(ComparedTables.of(server), cleanRun());
		assertProblem(api.post("/api/v1/executions/" + failed + "/restart", ""), 409,
				"was already restarted as execution " + restarted);
		assertProblem(api.post("/api/v1/executions/" + restarted + "/restart", ""), 409, "completed");
	}

	@Test
	void stopsARunningExecutionAtItsNextCommitThenRestartsIt() {
		TestDay.cycle(bucket(), 0, 3);
		BlockingFault held = new BlockingFault("write", "2");
		startServer(Backend.H2, held);
		long id = launched(api.post("/api/v1/batches", DAY));
		held.awaitReached();

		ApiClient.Response coalesced = api.post("/api/v1/batches", DAY);
		assertThat(coalesced.status()).as(coalesced.toString()).isEqualTo(200);
		assertThat(coalesced.json().path("status").asString()).isEqualTo("coalesced");
		assertThat(coalesced.json().path("executionId").asLong()).isEqualTo(id);
		JsonNode locks = api.get("/api/v1/locks").json();
		assertThat(locks.size()).isEqualTo(1);
		assertThat(locks.get(0).path("id").asString()).isEqualTo("oddsapi_game-lines_batch_2026-01-14");
		assertThat(locks.get(0).path("executionId").asLong()).isEqualTo(id);
		assertThat(locks.get(0).path("runAgain").asBoolean()).as("the launch coalesced into it").isTrue();
		assertThat(locks.get(0).path("expired").asBoolean()).isFalse();
		assertThat(api.get("/api/v1/executions/" + id).json().path("lockEvents").findValuesAsString("kind"))
			.containsExactly("ACQUIRED", "RAN", "COALESCED");
		assertProblem(api.post("/api/v1/executions/" + id + "/restart", ""), 409, "is STARTED");
		assertProblem(api.post("/api/v1/executions/" + id + "/abandon", ""), 409, "is held by execution " + id);

		ApiClient.Response stop = api.post("/api/v1/executions/" + id + "/stop", "");
		assertThat(stop.status()).as(stop.toString()).isEqualTo(202);
		// Spring Batch 6 marks the execution STOPPED at once; its thread ends the step at
		// its next commit
		assertThat(stop.json().path("status").asString()).isIn("STOPPING", "STOPPED");
		assertThat(api.post("/api/v1/executions/" + id + "/stop", "").status()).isEqualTo(409);
		assertProblem(api.post("/api/v1/executions/" + id + "/restart", ""), 409,
				"cannot restart now: game-lines 2026-01-14 is being processed by execution " + id);
		held.release();
		awaitIdle();
		JsonNode stopped = api.get("/api/v1/executions/" + id).json();
		assertThat(stopped.path("status").asString()).isEqualTo("STOPPED");
		assertThat(stopped.path("files").path("done").asInt()).as("staged before the stop").isBetween(1, 2);
		assertProblem(api.post("/api/v1/executions/" + id + "/stop", ""), 409, "there is nothing to stop");

		long restarted = launched(api.post("/api/v1/executions/" + id + "/restart", ""));
		assertThat(api.awaitEnd(restarted).path("status").asString()).isEqualTo("COMPLETED");
		awaitIdle();
		ComparedTables.assertSameRows(ComparedTables.of(server), cleanRun());
	}

	/** What a process killed mid-run leaves: an execution STARTED, no live lock. */
	@Test
	void recoversAnExecutionLeftStartedByAProcessThatIsGoneThenRestartsIt() {
		TestDay.cycle(bucket(), 0, 3);
		startServer(Backend.H2, FaultInjector.NONE);
		JobRepository repository = server.bean(JobRepository.class);
		JobParameters parameters = RunNumbers.parameters(OddsEndpoint.GAME_LINES, DATE, 1);
		JobInstance instance = repository.createJobInstance("oddsBatchJob", parameters);
		JobExecution orphan = repository.createJobExecution(instance, parameters, new ExecutionContext());
		orphan.setStatus(BatchStatus.STARTED);
		orphan.setStartTime(LocalDateTime.now());
		repository.update(orphan);
		long id = orphan.getId();

		BatchLock lock = server.bean(BatchLock.class);
		LockKey key = LockKey.of(OddsEndpoint.GAME_LINES, DATE);
		lock.acquire(key, "another-token", "host-b", "test", Duration.ofMinutes(5));
		assertProblem(api.post("/api/v1/executions/" + id + "/recover", ""), 409,
				"is held by a launch starting on host-b");
		lock.releaseAfterFailure(key, "another-token");

		ApiClient.Response recovered = api.post("/api/v1/executions/" + id + "/recover", "");
		assertThat(recovered.status()).as(recovered.toString()).isEqualTo(200);
		assertThat(recovered.json().path("status").asString()).isEqualTo("FAILED");
		assertProblem(api.post("/api/v1/executions/" + id + "/recover", ""), 409, "only an execution left STARTED");

		long restarted = launched(api.post("/api/v1/executions/" + id + "/restart", ""));
		assertThat(api.awaitEnd(restarted).path("status").asString()).isEqualTo("COMPLETED");
		awaitIdle();
		ComparedTables.assertSameRows(ComparedTables.of(server), cleanRun());
	}

	@Test
	void abandonsAFailedExecutionAndTheNextLaunchTakesUpItsObjects() {
		TestDay.cycle(bucket(), 0, 3);
		startServer(Backend.H2, InjectedFault.failOnce("publish", "odds_api_game_lines"));
		long failed = launched(api.post("/api/v1/batches", DAY));
		assertThat(api.awaitEnd(failed).path("status").asString()).isEqualTo("FAILED");
		awaitIdle();

		ApiClient.Response abandoned = api.post("/api/v1/executions/" + failed + "/abandon", "");
		assertThat(abandoned.status()).as(abandoned.toString()).isEqualTo(200);
		assertThat(abandoned.json().path("status").asString()).isEqualTo("ABANDONED");
		assertProblem(api.post("/api/v1/executions/" + failed + "/abandon", ""), 409, "is ABANDONED");
		assertProblem(api.post("/api/v1/executions/" + failed + "/restart", ""), 409, "was abandoned");

		long next = launched(api.post("/api/v1/batches", DAY));
		JsonNode execution = api.awaitEnd(next);
		assertThat(execution.path("status").asString()).isEqualTo("COMPLETED");
		assertThat(execution.path("run").asLong()).isEqualTo(2);
		awaitIdle();
		ComparedTables.assertSameRows(ComparedTables.of(server), cleanRun());
	}

	@Test
	void refusesALaunchWhenEveryThreadIsBusyAndGivesItsLockBack() {
		TestDay.cycle(bucket(), 0, 2);
		bucket().put("game-lines", DATE.plusDays(1), "e9-MIABOS", Instant.parse("2026-01-15T20:00:00Z"),
				TestDay.EVENT.formatted("e9", "2.5"));
		BlockingFault held = new BlockingFault("write", "1");
		startServer(Backend.H2, held, "odds.api.launch-threads=1");
		long first = launched(api.post("/api/v1/batches", DAY));
		held.awaitReached();
		String nextDay = "{\"endpoint\":\"game-lines\",\"gameDate\":\"2026-01-15\"}";
		ApiClient.Response busy = api.post("/api/v1/batches", nextDay);
		assertProblem(busy, 503, "all 1 launch threads are busy");
		assertThat(busy.header("Retry-After")).isEqualTo("5");
		held.release();
		assertThat(api.awaitEnd(first).path("status").asString()).isEqualTo("COMPLETED");
		awaitIdle();
		long second = launched(api.post("/api/v1/batches", nextDay));
		assertThat(api.awaitEnd(second).path("status").asString()).isEqualTo("COMPLETED");
	}

	@Test
	void answersBadRequestsWithProblemsAPersonUnderstands() {
		startServer(Backend.H2, FaultInjector.NONE);
		assertProblem(api.post("/api/v1/batches", "{\"endpoint\": \"game-lines\","), 400,
				"the request body is not the JSON this call takes");
		assertProblem(api.post("/api/v1/batches", "{\"endpoint\":\"moneylines\",\"gameDate\":\"2026-01-14\"}"), 400,
				"unknown endpoint 'moneylines' (known: game-lines, game-lines-history, player-props, player-props-history)");
		assertProblem(api.post("/api/v1/batches", "{\"endpoint\":\"game-lines\",\"gameDate\":\"2026-02-30\"}"), 400,
				"gameDate '2026-02-30' is not a calendar date in the form YYYY-MM-DD");
		assertProblem(api.post("/api/v1/batches", "{\"endpoint\":\"game-lines\",\"gameDate\":\"2026-01-14' OR 1=1\"}"),
				400, "is not a calendar date");
		assertProblem(api.post("/api/v1/batches", "{\"endpoint\":\"../../etc\",\"gameDate\":\"2026-01-14\"}"), 400,
				"unknown endpoint");
		assertProblem(api.post("/api/v1/batches", "{\"endpoint\":\"game-lines\"}"), 400, "give both");
		assertProblem(api.get("/api/v1/executions/999"), 404, "there is no execution 999");
		for (String verb : List.of("restart", "stop", "recover", "abandon")) {
			assertProblem(api.post("/api/v1/executions/999/" + verb, ""), 404, "there is no execution 999");
		}
		assertProblem(api.get("/api/v1/executions?status=DONE"), 400, "unknown status 'DONE'");
		assertProblem(api.get("/api/v1/executions?gameDate=14.01.2026"), 400, "is not a calendar date");
		assertProblem(api.get("/api/v1/executions?page=-1"), 400, "page must be 0 or more, was -1");
		assertProblem(api.get("/api/v1/executions?page=two"), 400, "page 'two' is not a whole number");
		assertProblem(api.get("/api/v1/executions?size=0"), 400, "size must be 1 or more, was 0");
		assertProblem(api.get("/api/v1/executions?size=101"), 400, "size must be 100 or less, was 101");
		assertProblem(api.get("/api/v1/executions?endpoint=moneylines"), 400, "unknown endpoint 'moneylines'");
		assertProblem(api.get("/api/v1/coverage"), 400, "gameDate");
		assertProblem(api.post("/api/v1/batches", "{}"), 400, "give both");
		assertProblem(api.post("/api/v1/batches", "{\"endpoint\":7,\"gameDate\":\"2026-01-14\"}"), 400,
				"unknown endpoint '7'");
		assertThat(api.get("/v3/api-docs").json().path("paths").has("/api/v1/batches")).isTrue();
	}

	// issue 14: a 500 tells the caller nothing internal, only the correlation id its log
	// line carries
	@Test
	void aServerFailureAnswersACorrelationIdAndLogsTheCause(CapturedOutput output) {
		startServer(Backend.H2, FaultInjector.NONE);
		server.jdbc().execute("DROP TABLE batch_job_execution_params");
		ApiClient.Response failed = api.get("/api/v1/executions?gameDate=2026-01-14");
		assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
		String correlationId = failed.json().path("correlationId").asString();
		assertThat(correlationId).isNotBlank();
		assertThat(failed.body()).contains(correlationId).doesNotContainIgnoringCase("batch_job").doesNotContain("SQL");
		assertThat(output.getOut()).contains("correlation id " + correlationId).containsIgnoringCase("batch_job");
	}

}
