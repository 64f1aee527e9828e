package io.oddsapi.batch.support;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a server-mode process must serve, however it was started (the packaged jar, the
 * image's entrypoint).
 */
public final class ServedModes {

	private ServedModes() {
	}

	/**
	 * Health, the API's contract, the console's sign-in page, and a launch through the
	 * API of the sample bucket's game lines of 2026-01-14 that completes with their 192
	 * rows (6 objects, {@code SampleBucketGenerator}).
	 */
	public static void servesTheApiAndTheConsole(AppProcess server, ApiClient api) {
		ApiClient anonymous = api.withToken(null);
		assertThat(anonymous.get("/actuator/health").status()).as(server.output()).isEqualTo(200);
		ApiClient.Response contract = anonymous.get("/v3/api-docs");
		assertThat(contract.status()).isEqualTo(200);
		assertThat(contract.json().path("paths").has("/api/v1/batches")).as(contract.body()).isTrue();
		ApiClient.Response launch = api.post("/api/v1/batches",
				"{\"endpoint\":\"game-lines\",\"gameDate\":\"2026-01-14\"}");
		assertThat(launch.status()).as(launch.body()).isEqualTo(202);
		JsonNode execution = api.awaitEnd(launch.json().path("executionId").asLong());
		assertThat(execution.path("status").asString()).as(execution.toString()).isEqualTo("COMPLETED");
		assertThat(execution.path("tables").toString())
			.contains("\"table\":\"odds_api_game_lines\",\"staged\":192,\"merged\":192,\"inserted\":192");
		ApiClient.Response signIn = anonymous.get("/console/sign-in");
		assertThat(signIn.status()).isEqualTo(200);
		assertThat(signIn.body()).contains("<form").contains("name=\"token\"");
	}

}
