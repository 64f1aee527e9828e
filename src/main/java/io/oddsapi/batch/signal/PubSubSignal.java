package io.oddsapi.batch.signal;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The signal on Pub/Sub: one message per publication, its body the {@link Publication} as
 * JSON, with {@code endpoint} and {@code gameDate} also as attributes (what a
 * subscription filter can match).
 */
public class PubSubSignal implements PublicationSignal, AutoCloseable {

	private final Publisher publisher;

	private final ManagedChannel emulatorChannel;

	private final JsonMapper json;

	public PubSubSignal(NotifyProperties properties, JsonMapper json) throws IOException {
		this.json = json;
		Publisher.Builder builder = Publisher.newBuilder(TopicName.parse(properties.topicName()));
		if (properties.emulatorHost() != null && !properties.emulatorHost().isBlank()) {
			emulatorChannel = ManagedChannelBuilder.forTarget(properties.emulatorHost()).usePlaintext().build();
			builder
				.setChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(emulatorChannel)))
				.setCredentialsProvider(NoCredentialsProvider.create());
		}
		else {
			emulatorChannel = null;
		}
		this.publisher = builder.build();
	}

	@Override
	public void published(Publication publication) {
		PubsubMessage message = PubsubMessage.newBuilder()
			.setData(ByteString.copyFromUtf8(json.writeValueAsString(publication)))
			.putAttributes("endpoint", publication.endpoint())
			.putAttributes("gameDate", publication.gameDate())
			.build();
		try {
			publisher.publish(message).get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Pub/Sub did not accept the publication's message: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted sending the publication's message", ex);
		}
	}

	@Override
	public void close() throws InterruptedException {
		publisher.shutdown();
		publisher.awaitTermination(10, TimeUnit.SECONDS);
		if (emulatorChannel != null) {
			emulatorChannel.shutdownNow();
		}
	}

}
