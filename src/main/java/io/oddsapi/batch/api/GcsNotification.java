package io.oddsapi.batch.api;

import java.util.Base64;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Cloud Storage "object finalized" notification in any of the shapes it reaches us in:
 * a Pub/Sub push envelope (GCS Pub/Sub notifications), or an Eventarc CloudEvent in
 * binary mode (ce-* headers, the object as body) or structured mode
 * ({@code application/cloudevents+json}).
 *
 * @param finalized false for other events (deletes, metadata updates), which need no run
 */
public record GcsNotification(String bucket, String objectName, boolean finalized) {

	static final String CLOUD_EVENT_FINALIZED = "google.cloud.storage.object.v1.finalized";

	static final String PUBSUB_FINALIZE = "OBJECT_FINALIZE";

	/**
	 * @param ceType the {@code ce-type} header of a binary-mode CloudEvent, else null
	 * @throws IllegalArgumentException when the body is none of the shapes, with what is
	 * missing
	 */
	public static GcsNotification parse(JsonMapper json, byte[] body, String ceType, String ceSubject) {
		JsonNode root;
		try {
			root = json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("the notification is not JSON: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject()) {
			throw new IllegalArgumentException("the notification is not a JSON object");
		}
		if (ceType != null) {
			return fromObject(root, ceType.equals(CLOUD_EVENT_FINALIZED), ceSubject);
		}
		if (root.has("specversion")) {
			return fromObject(root.path("data"), CLOUD_EVENT_FINALIZED.equals(root.path("type").asString("")),
					root.path("subject").asString(null));
		}
		if (root.has("message")) {
			return fromPubSub(json, root.path("message"));
		}
		throw new IllegalArgumentException("the notification is neither a Pub/Sub push envelope (\"message\") nor a "
				+ "CloudEvent (\"specversion\", or ce-type headers)");
	}

	/**
	 * Pub/Sub: the attributes name bucket, object and event; the data holds the object's
	 * metadata as well.
	 */
	private static GcsNotification fromPubSub(JsonMapper json, JsonNode message) {
		JsonNode attributes = message.path("attributes");
		String eventType = attributes.path("eventType").asString(null);
		String bucket = attributes.path("bucketId").asString(null);
		String name = attributes.path("objectId").asString(null);
		if ((bucket == null || name == null) && message.path("data").isString()) {
			try {
				JsonNode object = json.readTree(Base64.getDecoder().decode(message.path("data").stringValue()));
				bucket = bucket != null ? bucket : object.path("bucket").asString(null);
				name = name != null ? name : object.path("name").asString(null);
			}
			catch (IllegalArgumentException | JacksonException ex) {
				throw new IllegalArgumentException("the Pub/Sub message's data is not base64-encoded JSON");
			}
		}
		if (name == null) {
			throw new IllegalArgumentException(
					"the Pub/Sub message names no object (attributes.objectId or data.name)");
		}
		return new GcsNotification(bucket, name, eventType == null || PUBSUB_FINALIZE.equals(eventType));
	}

	/**
	 * A CloudEvent's data is the object resource; its subject is {@code objects/NAME}.
	 */
	private static GcsNotification fromObject(JsonNode object, boolean finalized, String subject) {
		String name = object.path("name").asString(null);
		if (name == null && subject != null && subject.startsWith("objects/")) {
			name = subject.substring("objects/".length());
		}
		if (name == null) {
			throw new IllegalArgumentException("the CloudEvent names no object (data.name or subject objects/...)");
		}
		return new GcsNotification(object.path("bucket").asString(null), name, finalized);
	}
}
