package io.oddsapi.batch.signal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.pubsub.v1.AcknowledgeRequest;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.ReceivedMessage;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.oddsapi.batch.run.LaunchOutcome;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.CoverageDay;
import io.oddsapi.batch.support.Emulators;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.MutableClock;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signal when data lands, on Google's Pub/Sub emulator: one message per run that
 * published, after it committed, carrying the endpoint, date, execution, rows per table
 * and the date's flagged games; none for a run with nothing new, and none at all while
 * {@code odds.notify.topic} is unset.
 */
class PublicationSignalFunctionalTests extends FunctionalTest {

	static final String PROJECT = "oddsapi-local";

	private ManagedChannel channel;

	private SubscriptionAdminClient subscriptions;

	@AfterEach
	void closeClients() {
		if (subscriptions != null) {
			subscriptions.close();
		}
		if (channel != null) {
			channel.shutdownNow();
		}
	}

	/** A topic with a subscription to read it: their names. */
	private String[] topicWithSubscription(String host, String topic) throws Exception {
		channel = ManagedChannelBuilder.forTarget(host).usePlaintext().build();
		TransportChannelProvider channels = FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
		try (TopicAdminClient topics = TopicAdminClient.create(TopicAdminSettings.newBuilder()
			.setTransportChannelProvider(channels)
			.setCredentialsProvider(NoCredentialsProvider.create())
			.build())) {
			topics.createTopic("projects/" + PROJECT + "/topics/" + topic);
		}
		subscriptions = SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
			.setTransportChannelProvider(channels)
			.setCredentialsProvider(NoCredentialsProvider.create())
			.build());
		String subscription = "projects/" + PROJECT + "/subscriptions/" + topic + "-reader";
		subscriptions.createSubscription(subscription, "projects/" + PROJECT + "/topics/" + topic,
				PushConfig.getDefaultInstance(), 10);
		return new String[] { topic, subscription };
	}

	/**
	 * Pulls until {@code count} messages have come (a pull may answer before every stored
	 * message is visible), for at most 10 s; what came by then.
	 */
	private List<ReceivedMessage> pull(String subscription, int count) {
		List<ReceivedMessage> received = new ArrayList<>();
		try {
			Awaitility.await(count + " messages")
				.atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> {
					List<ReceivedMessage> batch = subscriptions.pullCallable()
						.call(PullRequest.newBuilder().setSubscription(subscription).setMaxMessages(10).build())
						.getReceivedMessagesList();
					if (!batch.isEmpty()) {
						subscriptions.acknowledgeCallable()
							.call(AcknowledgeRequest.newBuilder()
								.setSubscription(subscription)
								.addAllAckIds(batch.stream().map(ReceivedMessage::getAckId).toList())
								.build());
					}
					received.addAll(batch);
					return received.size() >= count;
				});
		}
		catch (ConditionTimeoutException ex) {
			// fewer came: the caller's assertion says how many it expected
		}
		return received;
	}

	@Test
	void eachRunThatPublishedIsSignalledWithItsRowsAndTheDatesFlags() throws Exception {
		String host = Emulators.pubSub();
		String[] names = topicWithSubscription(host, "odds-published-" + System.nanoTime());
		CoverageDay.writeTo(bucket(), true);
		JobHarness job = start(database(Backend.H2), bucket(), Map.of("clock", new MutableClock(CoverageDay.NOW)),
				"odds.notify.topic=" + names[0], "odds.notify.project=" + PROJECT, "odds.notify.emulator-host=" + host);
		long gameLines = job.run(OddsEndpoint.GAME_LINES, CoverageDay.DATE).executionId();
		long playerProps = job.run(OddsEndpoint.PLAYER_PROPS, CoverageDay.DATE).executionId();
		assertThat(job.launch(OddsEndpoint.GAME_LINES, CoverageDay.DATE).kind())
			.isEqualTo(LaunchOutcome.Kind.NOTHING_NEW);

		List<ReceivedMessage> received = pull(names[1], 2);
		assertThat(received).hasSize(2);
		assertThat(pull(names[1], 1)).as("no message for a run with nothing new").isEmpty();
		JsonMapper json = JsonMapper.builder().build();
		Map<Long, JsonNode> byExecution = new HashMap<>();
		for (ReceivedMessage message : received) {
			JsonNode body = json.readTree(message.getMessage().getData().toStringUtf8());
			byExecution.put(body.path("executionId").asLong(), body);
			assertThat(message.getMessage().getAttributesMap()).containsEntry("gameDate", "2026-01-14")
				.containsEntry("endpoint", body.path("endpoint").asString());
		}
		JsonNode lines = byExecution.get(gameLines);
		assertThat(lines.path("endpoint").asString()).isEqualTo("game-lines");
		assertThat(lines.path("tables")).anySatisfy(table -> {
			assertThat(table.path("table").asString()).isEqualTo("odds_api_game_lines");
			assertThat(table.path("inserted").asLong()).as("2 snapshots x 2 bookmakers x 6 outcomes, and 2 of h2h")
				.isEqualTo(26);
			assertThat(table.path("updated").asLong()).isZero();
		});
		assertThat(lines.path("flaggedGames").path("cov1").asString()).as("no props yet").isEqualTo("NO_PROPS");
		JsonNode props = byExecution.get(playerProps);
		assertThat(props.path("endpoint").asString()).isEqualTo("player-props");
		assertThat(props.path("flaggedGames").properties()).extracting(Map.Entry::getKey)
			.containsExactlyInAnyOrder("cov2", "cov3");
		assertThat(props.path("flaggedGames").path("cov3").asString()).isEqualTo("NO_LINES");
	}

	@Test
	void withoutATopicNothingIsSent() {
		CoverageDay.writeTo(bucket(), true);
		JobHarness job = start(database(Backend.H2));
		assertThat(job.bean(PublicationSignal.class)).isSameAs(PublicationSignal.NONE);
		assertThat(job.run(OddsEndpoint.GAME_LINES, CoverageDay.DATE).completed()).isTrue();
	}

}
