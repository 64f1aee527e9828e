package io.oddsapi.batch.launch;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code odds.sweep.*}.
 *
 * @param days game dates a sweep without dates covers, up to today (US Eastern)
 */
@Validated
@ConfigurationProperties("odds.sweep")
public record SweepProperties(@Min(1) @Max(366) @DefaultValue("3") int days) {
}
