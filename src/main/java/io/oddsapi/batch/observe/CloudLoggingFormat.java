package io.oddsapi.batch.observe;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.structured.StructuredLogFormatter;

/**
 * One JSON object per line in the shape Cloud Logging reads from a container's output:
 * {@code severity}, {@code message} (with the stack trace, so Error Reporting picks it
 * up), {@code time}, and the run's {@link LogLabels} as
 * {@code logging.googleapis.com/labels}. The {@code gcp} profile switches it on
 * ({@code logging.structured.format.console}); locally logs stay plain text.
 */
public class CloudLoggingFormat implements StructuredLogFormatter<ILoggingEvent> {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<String> LABELS = List.of(LogLabels.ENDPOINT, LogLabels.GAME_DATE, LogLabels.EXECUTION_ID);

	@Override
	public String format(ILoggingEvent event) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("severity", severity(event.getLevel()));
		entry.put("message", message(event));
		entry.put("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
		entry.put("logger", event.getLoggerName());
		entry.put("thread", event.getThreadName());
		Map<String, String> labels = new LinkedHashMap<>();
		Map<String, String> mdc = event.getMDCPropertyMap();
		LABELS.stream().filter(mdc::containsKey).forEach(name -> labels.put(name, mdc.get(name)));
		if (!labels.isEmpty()) {
			entry.put("logging.googleapis.com/labels", labels);
		}
		return JSON.writeValueAsString(entry) + "\n";
	}

	private static String message(ILoggingEvent event) {
		IThrowableProxy thrown = event.getThrowableProxy();
		return thrown == null ? event.getFormattedMessage()
				: event.getFormattedMessage() + "\n" + ThrowableProxyUtil.asString(thrown);
	}

	static String severity(Level level) {
		return switch (level.toInt()) {
			case Level.ERROR_INT -> "ERROR";
			case Level.WARN_INT -> "WARNING";
			case Level.INFO_INT -> "INFO";
			default -> "DEBUG";
		};
	}

}
