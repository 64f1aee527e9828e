package io.oddsapi.batch.run;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code odds.audit.*}.
 *
 * @param retention how long the audit trail (server mode) and the lock journal keep an
 * event; older ones are deleted, at most once an hour, as new events are written
 */
@Validated
@ConfigurationProperties("odds.audit")
public record AuditProperties(@NotNull @DefaultValue("P90D") Duration retention) {

	public AuditProperties {
		if (retention != null && retention.compareTo(Duration.ofHours(1)) < 0) {
			throw new IllegalArgumentException("odds.audit.retention must be at least 1 hour, was " + retention);
		}
	}

}
