package io.oddsapi.batch.observe;

import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class CloudLoggingFormatTest {

	private static JsonNode format(Level level, String message, Throwable thrown, Map<String, String> mdc) {
		LoggerContext context = new LoggerContext();
		LoggingEvent event = new LoggingEvent("test", context.getLogger("io.oddsapi.batch.job.StagingWriter"), level,
				message, thrown, null);
		event.setMDCPropertyMap(mdc);
		String line = new CloudLoggingFormat().format(event);
		assertThat(line).endsWith("\n").doesNotContain("\n{");
		return JsonMapper.builder().build().readTree(line);
	}

	@Test
	void writesSeverityMessageTimeAndTheRunsLabels() {
		JsonNode entry = format(Level.WARN, "game-lines 2026-01-14: objects 3 of 14", null, Map.of(LogLabels.ENDPOINT,
				"game-lines", LogLabels.GAME_DATE, "2026-01-14", LogLabels.EXECUTION_ID, "12", "other", "x"));
		assertThat(entry.path("severity").asString()).isEqualTo("WARNING");
		assertThat(entry.path("message").asString()).isEqualTo("game-lines 2026-01-14: objects 3 of 14");
		assertThat(entry.path("time").asString()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
		JsonNode labels = entry.path("logging.googleapis.com/labels");
		assertThat(labels.path("endpoint").asString()).isEqualTo("game-lines");
		assertThat(labels.path("gameDate").asString()).isEqualTo("2026-01-14");
		assertThat(labels.path("executionId").asString()).isEqualTo("12");
		assertThat(labels.has("other")).isFalse();
	}

	@Test
	void putsTheStackTraceInTheMessageForErrorReporting() {
		JsonNode entry = format(Level.ERROR, "run failed", new IllegalStateException("disk full"), Map.of());
		assertThat(entry.path("severity").asString()).isEqualTo("ERROR");
		assertThat(entry.path("message").asString())
			.startsWith("run failed\njava.lang.IllegalStateException: disk full")
			.contains("\tat ");
		assertThat(entry.has("logging.googleapis.com/labels")).isFalse();
		assertThat(CloudLoggingFormat.severity(Level.DEBUG)).isEqualTo("DEBUG");
		assertThat(CloudLoggingFormat.severity(Level.INFO)).isEqualTo("INFO");
	}

}
