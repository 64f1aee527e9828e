package io.oddsapi.batch.coverage;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code odds.coverage.*}.
 *
 * @param due how long before tip-off a game must have its lines: from then on, a game
 * without game lines, or with game lines but no props, is flagged
 * @param afterRuns whether every run that published records its date's coverage (its last
 * step); without, the table is written by the coverage command and the sweep only, and
 * the publication signal carries no flags. Each record reads the date's pre-tip rows of
 * both tables: about 0.5 s for a heavy day on PostgreSQL, 2 s on H2
 */
@Validated
@ConfigurationProperties("odds.coverage")
public record CoverageProperties(@NotNull @DefaultValue("PT2H") Duration due, @DefaultValue("true") boolean afterRuns) {
}
