package io.oddsapi.batch.api;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.InjectedFault;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.TestDay;
import io.oddsapi.client.ApiClient;
import io.oddsapi.client.ApiException;
import io.oddsapi.client.api.BatchesApi;
import io.oddsapi.client.api.ExecutionsApi;
import io.oddsapi.client.model.BatchRequest;
import io.oddsapi.client.model.ExecutionView;
import io.oddsapi.client.model.LaunchResponse;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A client nobody here wrote: openapi-generator's Java client, generated at build time
 * from {@code docs/openapi.json} (which {@link OpenApiContractTests} holds equal to the
 * served description), drives a real server: launch, list, get, restart a failed run, and
 * read a refusal as the problem it is.
 */
class GeneratedClientFunctionalTests extends FunctionalTest {

	static final String TOKEN = "client-token-0123456789";

	private static ExecutionView awaitEnd(ExecutionsApi executions, long id) {
		return Awaitility.await("execution " + id + " to end")
			.atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofMillis(50)) // polling the API as a client would
			.until(() -> executions.getExecution(id),
					execution -> !List.of("STARTING", "STARTED", "STOPPING").contains(execution.getStatus()));
	}

	@Test
	void launchesListsReadsAndRestartsAFailedRunThroughTheGeneratedClient() throws Exception {
		TestDay.cycle(bucket(), 0, 3);
		JobHarness server = start(database(Backend.H2), bucket(), InjectedFault.failOnce("write", "2"),
				"odds.mode=server", "server.port=0", "odds.api.token=" + TOKEN, "odds.chunk-size=1");
		ApiClient client = new ApiClient();
		client.updateBaseUri(
				"http://127.0.0.1:" + server.bean(Environment.class).getRequiredProperty("local.server.port"));
		client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + TOKEN));
		BatchesApi batches = new BatchesApi(client);
		ExecutionsApi executions = new ExecutionsApi(client);

		LaunchResponse launched = batches.launchBatch(
				new BatchRequest().endpoint(BatchRequest.EndpointEnum.GAME_LINES).gameDate(LocalDate.of(2026, 1, 14)));
		assertThat(launched.getStatus()).isEqualTo(LaunchResponse.StatusEnum.STARTED);
		long failed = launched.getExecutionId();
		ExecutionView execution = awaitEnd(executions, failed);
		assertThat(execution.getStatus()).isEqualTo("FAILED");
		assertThat(execution.getError()).contains("injected fault at write 2");
		assertThat(execution.getExitDescription()).as("the failure's message, not its stack trace")
			.contains("injected fault at write 2")
			.endsWith("(the stack trace is in the server's log, under execution " + failed + ")")
			.doesNotContain("\tat ", "\n");

		assertThat(executions.listExecutions("game-lines", LocalDate.of(2026, 1, 14), null, null, "FAILED", 0, 20)
			.getExecutions()).extracting(ExecutionView::getId).containsExactly(failed);

		// the launch gives the date's lock back a moment after its run ended: a restart
		// may be refused until then
		LaunchResponse restarted = Awaitility.await("the lock given back, so that the restart is accepted")
			.atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> {
				try {
					return executions.restartExecution(failed);
				}
				catch (ApiException refused) {
					assertThat(refused.getResponseBody()).contains("is being processed by");
					return null;
				}
			}, Objects::nonNull);
		assertThat(restarted.getStatus()).isEqualTo(LaunchResponse.StatusEnum.STARTED);
		long restartedId = restarted.getExecutionId();
		ExecutionView completed = awaitEnd(executions, restartedId);
		assertThat(completed.getStatus()).isEqualTo("COMPLETED");
		assertThat(completed.getRestarts().getRestartOf()).isEqualTo(failed);
		assertThat(executions.getExecution(failed).getRestarts().getRestartedAs()).isEqualTo(restartedId);
		assertThat(completed.getFiles().getDone()).isEqualTo(3);
		assertThat(completed.getTables().get(0).getTable()).isEqualTo("odds_api_game_lines");

		ApiException refusal = catchThrowableOfType(ApiException.class, () -> executions.restartExecution(restartedId));
		assertThat(refusal.getCode()).isEqualTo(409);
		assertThat(refusal.getResponseHeaders().firstValue("Content-Type").orElseThrow())
			.startsWith("application/problem+json");
		assertThat(refusal.getResponseBody()).contains("completed: there is nothing to restart");

		ApiException missing = catchThrowableOfType(ApiException.class, () -> executions.getExecution(999L));
		assertThat(missing.getCode()).isEqualTo(404);
	}

}
