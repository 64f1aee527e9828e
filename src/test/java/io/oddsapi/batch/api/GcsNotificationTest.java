package io.oddsapi.batch.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import io.oddsapi.batch.OddsProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GcsNotificationTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String NAME = "odds-api/game-lines/2026-01-14/e1-MIABOS/20260114_200000-snap-2000.json";

	private static GcsNotification parse(String body, String ceType, String ceSubject) {
		return GcsNotification.parse(JSON, body.getBytes(StandardCharsets.UTF_8), ceType, ceSubject);
	}

	@Test
	void readsPubSubAttributesOrElseTheBase64Data() {
		assertThat(parse(NotificationsFunctionalTests.pubSubEnvelope("b", NAME, "OBJECT_FINALIZE"), null, null))
			.isEqualTo(new GcsNotification("b", NAME, true));
		String dataOnly = "{\"message\":{\"data\":\""
				+ Base64.getEncoder()
					.encodeToString(("{\"bucket\":\"b\",\"name\":\"" + NAME + "\"}").getBytes(StandardCharsets.UTF_8))
				+ "\"}}";
		assertThat(parse(dataOnly, null, null)).isEqualTo(new GcsNotification("b", NAME, true));
		assertThat(parse(NotificationsFunctionalTests.pubSubEnvelope("b", NAME, "OBJECT_METADATA_UPDATE"), null, null)
			.finalized()).isFalse();
	}

	@Test
	void readsCloudEventsInBinaryAndStructuredMode() {
		assertThat(parse("{\"bucket\":\"b\",\"name\":\"" + NAME + "\"}", GcsNotification.CLOUD_EVENT_FINALIZED, null))
			.isEqualTo(new GcsNotification("b", NAME, true));
		assertThat(parse("{}", GcsNotification.CLOUD_EVENT_FINALIZED, "objects/" + NAME).objectName()).isEqualTo(NAME);
		assertThat(
				parse("{\"bucket\":\"b\",\"name\":\"x\"}", "google.cloud.storage.object.v1.deleted", null).finalized())
			.isFalse();
		assertThat(parse("{\"specversion\":\"1.0\",\"type\":\"google.cloud.storage.object.v1.finalized\","
				+ "\"data\":{\"bucket\":\"b\",\"name\":\"" + NAME + "\"}}", null, null))
			.isEqualTo(new GcsNotification("b", NAME, true));
	}

	@Test
	void saysWhatIsWrongWithAnythingElse() {
		assertThatThrownBy(() -> parse("not json", null, null)).hasMessageStartingWith("the notification is not JSON");
		assertThatThrownBy(() -> parse("[1]", null, null)).hasMessage("the notification is not a JSON object");
		assertThatThrownBy(() -> parse("{\"message\":{\"attributes\":{}}}", null, null))
			.hasMessageContaining("names no object");
		assertThatThrownBy(() -> parse("{\"message\":{\"data\":\"%%%\"}}", null, null))
			.hasMessageContaining("not base64-encoded JSON");
		assertThatThrownBy(() -> parse("{\"specversion\":\"1.0\",\"data\":{}}", null, null))
			.hasMessageContaining("the CloudEvent names no object");
	}

	@Test
	void takesTheBucketOutOfTheConfiguredLocation() {
		assertThat(bucketOf("gs://odds-bucket")).contains("odds-bucket");
		assertThat(bucketOf("gs://odds-bucket/prefix")).contains("odds-bucket");
		assertThat(bucketOf("file:./samples/bucket")).isEmpty();
	}

	private static Optional<String> bucketOf(String bucket) {
		return new OddsProperties(OddsProperties.Mode.NONE, bucket, "classpath:job-config/tables/", 20, 0.2, 10, null,
				1, null)
			.gcsBucket();
	}

}
