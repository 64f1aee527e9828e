package io.oddsapi.batch.coverage;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code odds.coverage.*}.
 *
 * @param due how long before tip-off a game must have its lines: from then on, a game without game lines, or with
 * game lines but no props, is flagged
 */
@Validated
@ConfigurationProperties("odds.coverage")
public record CoverageProperties(@NotNull @DefaultValue("PT2H") Duration due) {
}
