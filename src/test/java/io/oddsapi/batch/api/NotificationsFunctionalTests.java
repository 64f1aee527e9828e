package io.oddsapi.batch.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.oddsapi.batch.job.FaultInjector;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.ApiClient;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.BlockingFault;
import io.oddsapi.batch.support.ComparedTables;
import io.oddsapi.batch.support.Emulators;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.PagingLocalStorage;
import io.oddsapi.batch.support.TestDay;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/v1/notifications/gcs} in every shape Cloud Storage notifications
 * arrive in, and end to end through the real Pub/Sub emulator: a push subscription to the
 * running server and the 14 notifications of one scrape cycle.
 */
public class NotificationsFunctionalTests extends FunctionalTest {

	static final String TOKEN = "test-token-0123456789";

	private JobHarness server;

	private ApiClient api;

	private void startServer(String... extra) {
		startServer(Map.of("faultInjector", FaultInjector.NONE), extra);
	}

	private void startServer(Map<String, Object> beans, String... extra) {
		List<String> properties = new ArrayList<>(List.of("odds.mode=server", "server.port=0"));
		properties.addAll(List.of(extra));
		server = start(database(Backend.H2), bucket(), beans, properties.toArray(String[]::new));
		api = ApiClient.of(server, TOKEN);
	}

	public static String pubSubEnvelope(String bucket, String name, String eventType) {
		String object = "{\"bucket\":\"" + bucket + "\",\"name\":\"" + name + "\",\"generation\":\"1\"}";
		return """
				{"message":{"attributes":{"bucketId":"%s","objectId":"%s","eventType":"%s","payloadFormat":"JSON_API_V1"},
				 "data":"%s","messageId":"1","publishTime":"2026-01-14T20:00:01Z"},
				 "subscription":"projects/odds/subscriptions/odds-batch"}
				"""
			.formatted(bucket, name, eventType,
					Base64.getEncoder().encodeToString(object.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * Until the server's launches have all ended and the ledger holds {@code objects}.
	 */
	private void awaitPublished(long objects) {
		ThreadPoolTaskExecutor launches = server.bean(ThreadPoolTaskExecutor.class);
		Awaitility.await("every launch ended, " + objects + " objects in the ledger")
			.atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> launches.getActiveCount() == 0 && published() >= objects);
		// a push the emulator delivers late may start one more launch (it finds nothing
		// new): not asserted
		assertThat(published()).isEqualTo(objects);
	}

	private long published() {
		return server.count("odds_api_published_objects");
	}

	private Map<String, List<String>> cleanRun() {
		try (JobHarness clean = JobHarness.start(database(Backend.H2), bucket().root())) {
			clean.launch(OddsEndpoint.GAME_LINES, TestDay.DATE);
			return ComparedTables.of(clean);
		}
	}

	@Test
	void launchesFromPubSubEnvelopesAndCloudEventsAndIgnoresTheRest() {
		List<String> names = TestDay.cycle(bucket(), 0, 3);
		// a local folder: notifications of any bucket name count
		startServer("odds.api.token=" + TOKEN);

		ApiClient.Response pubSub = api.post("/api/v1/notifications/gcs",
				pubSubEnvelope("odds-bucket", names.get(0), "OBJECT_FINALIZE"));
		assertThat(pubSub.status()).as(pubSub.toString()).isIn(200, 202);
		awaitPublished(3);

		String binaryName = TestDay.cycle(bucket(), 1, 1).get(0);
		ApiClient.Response binary = api.post("/api/v1/notifications/gcs",
				"{\"bucket\":\"odds-bucket\",\"name\":\"" + binaryName + "\"}",
				Map.of("Content-Type", "application/json", "ce-specversion", "1.0", "ce-id", "42", "ce-type",
						"google.cloud.storage.object.v1.finalized", "ce-source",
						"//storage.googleapis.com/projects/_/buckets/odds-bucket", "ce-subject",
						"objects/" + binaryName));
		assertThat(binary.status()).as(binary.toString()).isIn(200, 202);
		awaitPublished(4);

		String structuredName = TestDay.cycle(bucket(), 2, 1).get(0);
		ApiClient.Response structured = api.post("/api/v1/notifications/gcs", """
				{"specversion":"1.0","id":"43","type":"google.cloud.storage.object.v1.finalized",
				 "source":"//storage.googleapis.com/projects/_/buckets/odds-bucket","subject":"objects/%s",
				 "data":{"bucket":"odds-bucket","name":"%s"}}
				""".formatted(structuredName, structuredName), Map.of("Content-Type", "application/cloudevents+json"));
		assertThat(structured.status()).as(structured.toString()).isIn(200, 202);
		awaitPublished(5);
		ComparedTables.assertSameRows(ComparedTables.of(server), cleanRun());

		ApiClient.Response redelivered = api.post("/api/v1/notifications/gcs",
				pubSubEnvelope("odds-bucket", names.get(0), "OBJECT_FINALIZE"));
		assertThat(redelivered.status()).as("a redelivery does no harm").isIn(200, 202);
		awaitPublished(5);
		ComparedTables.assertSameRows(ComparedTables.of(server), cleanRun());

		assertThat(api
			.post("/api/v1/notifications/gcs",
					pubSubEnvelope("odds-bucket", "exports/2026/report.csv", "OBJECT_FINALIZE"))
			.status()).as("not a scrape").isEqualTo(204);
		assertThat(api.post("/api/v1/notifications/gcs", pubSubEnvelope("odds-bucket", names.get(0), "OBJECT_DELETE"))
			.status()).as("not a finalize").isEqualTo(204);
		// issue 14: what no redelivery can fix is acknowledged (2xx), so Pub/Sub does not
		// push it forever
		ApiClient.Response garbage = api.post("/api/v1/notifications/gcs", "{\"hello\":1}");
		assertThat(garbage.status()).as(garbage.toString()).isEqualTo(200);
		assertThat(garbage.json().path("dropped").asString()).contains("neither a Pub/Sub push envelope");
		assertThat(api.post("/api/v1/notifications/gcs", "not json at all").status()).isEqualTo(200);
		MeterRegistry meters = server.bean(MeterRegistry.class);
		assertThat(meters.get("odds.notifications.dropped").tag("reason", "malformed").counter().count()).isEqualTo(2);
		assertThat(meters.get("odds.notifications.dropped").tag("reason", "not a scrape").counter().count())
			.isEqualTo(1);
	}

	@Test
	void ignoresObjectsOfAnotherBucket() {
		startServer(Map.of("storage", PagingLocalStorage.service(), "faultInjector", FaultInjector.NONE),
				"odds.api.token=" + TOKEN, "odds.bucket=gs://odds-bucket");
		ApiClient.Response other = api.post("/api/v1/notifications/gcs", pubSubEnvelope("someone-elses-bucket",
				"odds-api/game-lines/2026-01-14/e0-MIABOS/20260114_200000-snap-2000.json", "OBJECT_FINALIZE"));
		assertThat(other.status()).isEqualTo(204);
		assertThat(server.count("batch_job_execution")).isZero();
	}

	/**
	 * The emulator pushes without OIDC tokens, so the server runs with the local profile
	 * (no authentication), as on a developer's machine; ApiSecurityTests covers the
	 * tokens Pub/Sub sends in production.
	 */
	@Test
	void pubSubPushOfOneScrapeCyclePublishesEveryFileWithRunsCoalesced() throws Exception {
		String pubSub = Emulators.pubSub();
		List<String> names = TestDay.cycle(bucket(), 0, 14);
		// the first run is held at its first chunk until every other notification has
		// come in and coalesced into it
		BlockingFault firstRun = new BlockingFault("write", "1");
		startServer(Map.of("faultInjector", firstRun), "spring.profiles.active=local", "odds.api.launch-threads=2");
		String project = "odds-test";
		String topic = "projects/" + project + "/topics/odds-files";
		HttpClient http = HttpClient.newHttpClient();
		emulator(http, pubSub, "PUT", "/v1/" + topic, "{}");
		emulator(http, pubSub, "PUT", "/v1/projects/" + project + "/subscriptions/odds-batch-push", """
				{"topic":"%s","ackDeadlineSeconds":10,
				 "pushConfig":{"pushEndpoint":"%s"}}""".formatted(topic, api.url("/api/v1/notifications/gcs")));

		StringBuilder messages = new StringBuilder();
		for (String name : names) {
			String object = "{\"bucket\":\"odds-bucket\",\"name\":\"" + name + "\"}";
			messages.append(messages.isEmpty() ? "" : ",")
				.append("{\"data\":\"")
				.append(Base64.getEncoder().encodeToString(object.getBytes(StandardCharsets.UTF_8)))
				.append("\",\"attributes\":{\"bucketId\":\"odds-bucket\",\"objectId\":\"")
				.append(name)
				.append("\",\"eventType\":\"OBJECT_FINALIZE\"}}");
		}
		emulator(http, pubSub, "POST", "/v1/" + topic + ":publish", "{\"messages\":[" + messages + "]}");

		firstRun.awaitReached();
		MeterRegistry meters = server.bean(MeterRegistry.class);
		Awaitility.await("the other 13 notifications coalesce into the held run")
			.atMost(Duration.ofMinutes(1))
			.until(() -> claims(meters, "coalesced"), count -> count >= 13);
		firstRun.release();
		awaitPublished(14);
		ComparedTables.assertSameRows(ComparedTables.of(server), cleanRun());
		// Pub/Sub delivers at least once: a copy that comes late takes the lock again and
		// finds nothing new, and its run
		// is dropped (one may still be listed while it is being dropped). What does not
		// depend on delivery: exactly one
		// run read objects, all 14.
		List<Long> objectsPerRun = server.jdbc()
			.queryForList("SELECT e.job_execution_id FROM batch_job_execution e ORDER BY e.job_execution_id",
					Long.class)
			.stream()
			.map(id -> api.get("/api/v1/executions/" + id).json().path("files").path("total").asLong())
			.toList();
		assertThat(objectsPerRun).as("objects read by each run, in order: the first read all, any later one none")
			.startsWith(14L)
			.filteredOn(objects -> objects != 0)
			.containsExactly(14L);
		assertThat(claims(meters, "acquired") + claims(meters, "coalesced"))
			.as("every notification took the date's lock or joined its holder")
			.isGreaterThanOrEqualTo(14);
	}

	private static double claims(MeterRegistry meters, String outcome) {
		return meters.find("odds.lock.claims")
			.tag("outcome", outcome)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	private static void emulator(HttpClient http, String host, String method, String path, String body)
			throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + host + path))
			.method(method, HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/json")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
	}

}
