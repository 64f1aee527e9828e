package io.oddsapi.batch.signal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code odds.notify.*}: the Pub/Sub topic each publication is announced on. Off while
 * {@code topic} is empty.
 *
 * @param topic a topic id in {@code project}, or
 * {@code projects/<project>/topics/<topic>}
 * @param project the Google Cloud project of a bare topic id
 * @param emulatorHost {@code host:port} of a Pub/Sub emulator, reached without
 * credentials; empty: Google's
 */
@ConfigurationProperties("odds.notify")
public record NotifyProperties(String topic, String project, String emulatorHost) {

	public NotifyProperties {
		if (topic != null && !topic.isBlank() && !topic.startsWith("projects/")
				&& (project == null || project.isBlank())) {
			throw new IllegalArgumentException("odds.notify.topic " + topic
					+ " needs odds.notify.project, or the form projects/<project>/topics/<topic>");
		}
	}

	public boolean enabled() {
		return topic != null && !topic.isBlank();
	}

	/** The topic's full name. */
	public String topicName() {
		return topic.startsWith("projects/") ? topic : "projects/" + project + "/topics/" + topic;
	}
}
