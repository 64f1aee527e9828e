package io.oddsapi.batch.api;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.oddsapi.batch.job.FaultInjector;
import io.oddsapi.batch.support.ApiClient;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.TestBucket;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A range launched as one request: the server queues its 31 dates behind the 4 launch
 * threads, each date launched as a thread frees up, none refused; every date ends with
 * its execution.
 */
class RangeLaunchFunctionalTests extends FunctionalTest {

	static final String TOKEN = "range-token-0123456789";

	static final LocalDate FIRST = LocalDate.of(2026, 1, 1);

	/** Every run held at its first read until the test lets them all go. */
	static final class HeldRuns implements FaultInjector {

		final CountDownLatch released = new CountDownLatch(1);

		final Map<String, Boolean> held = new ConcurrentHashMap<>();

		@Override
		public void at(String point, String detail) {
			if (point.equals("read") && held.putIfAbsent(detail, true) == null) {
				try {
					assertThat(released.await(5, TimeUnit.MINUTES)).as("the test released the runs").isTrue();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

	}

	@Test
	void queuesThirtyOneDatesBehindFourThreadsAndRunsEveryOne() {
		TestBucket bucket = bucket();
		for (int day = 0; day < 31; day++) {
			LocalDate date = FIRST.plusDays(day);
			bucket.put("game-lines", date, "e" + day + "-MIABOS", date.atTime(20, 0).toInstant(ZoneOffset.UTC),
					"{\"id\":\"e" + day + "\",\"commence_time\":\"" + date.plusDays(1) + "T00:30:00Z\","
							+ "\"home_team\":\"Boston Celtics\",\"away_team\":\"Miami Heat\",\"bookmakers\":[{\"key\":"
							+ "\"fanduel\",\"title\":\"FanDuel\",\"markets\":[{\"key\":\"h2h\",\"outcomes\":[{\"name\":"
							+ "\"Miami Heat\",\"price\":2.1},{\"name\":\"Boston Celtics\",\"price\":1.38}]}]}]}");
		}
		HeldRuns runs = new HeldRuns();
		JobHarness server = start(database(Backend.H2), bucket, Map.of("faultInjector", runs), "odds.mode=server",
				"server.port=0", "odds.api.token=" + TOKEN, "odds.api.launch-threads=4");
		ApiClient api = ApiClient.of(server, TOKEN);

		ApiClient.Response queued = api.post("/api/v1/ranges",
				"{\"endpoint\":\"game-lines\",\"from\":\"2026-01-01\",\"to\":\"2026-01-31\"}");
		assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
		String location = queued.header("Location");
		await().atMost(Duration.ofMinutes(2)).until(() -> runs.held.size() == 4);
		JsonNode range = api.get(location).json();
		assertThat(states(range)).as("four running, the rest waiting for a thread, none refused")
			.containsOnly("started", "queued")
			.filteredOn("started"::equals)
			.hasSize(4);
		assertThat(api.post("/api/v1/batches", "{\"endpoint\":\"player-props\",\"gameDate\":\"2026-01-01\"}").status())
			.as("a single launch meanwhile is refused for the busy pool")
			.isEqualTo(503);

		runs.released.countDown();
		await().atMost(Duration.ofMinutes(3)).until(() -> api.get(location).json().path("done").asBoolean());
		JsonNode done = api.get(location).json();
		assertThat(states(done)).hasSize(31).containsOnly("completed");
		done.path("dates").forEach(date -> assertThat(date.path("executionId").isNumber()).isTrue());
		JsonNode executions = api.get("/api/v1/executions?size=100").json();
		assertThat(executions.path("total").asLong()).isEqualTo(31);
		executions.path("executions")
			.forEach(execution -> assertThat(execution.path("status").asString()).isEqualTo("COMPLETED"));
	}

	@Test
	void refusesARangeBackwardsOrLongerThanThirtyOneDates() {
		JobHarness server = start(database(Backend.H2), "odds.mode=server", "server.port=0", "odds.api.token=" + TOKEN);
		ApiClient api = ApiClient.of(server, TOKEN);
		ApiClient.Response backwards = api.post("/api/v1/ranges",
				"{\"endpoint\":\"game-lines\",\"from\":\"2026-01-31\",\"to\":\"2026-01-01\"}");
		assertThat(backwards.status()).isEqualTo(400);
		assertThat(backwards.json().path("detail").asString()).contains("is before from");
		ApiClient.Response tooLong = api.post("/api/v1/ranges",
				"{\"endpoint\":\"game-lines\",\"from\":\"2026-01-01\",\"to\":\"2026-02-01\"}");
		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(tooLong.json().path("detail").asString()).contains("at most 31 dates");
		assertThat(api.get("/api/v1/ranges/99").status()).isEqualTo(404);
	}

	private static List<String> states(JsonNode range) {
		List<String> states = new ArrayList<>();
		range.path("dates").forEach(date -> states.add(date.path("state").asString()));
		return states;
	}

}
