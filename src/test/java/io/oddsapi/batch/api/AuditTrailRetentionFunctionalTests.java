package io.oddsapi.batch.api;

import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import io.oddsapi.batch.jdbc.IdempotentDdl;
import io.oddsapi.batch.run.AuditProperties;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.MutableClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail on each backend: indexed, and its events older than
 * {@code odds.audit.retention} deleted as new ones are recorded (at most once an hour, as
 * {@code LockJournalFunctionalTests} shows for the lock journal, which shares the rule).
 */
class AuditTrailRetentionFunctionalTests extends FunctionalTest {

	@ParameterizedTest
	@EnumSource(Backend.class)
	void keepsEventsForTheRetentionOnly(Backend backend) {
		Backend.TestDatabase database = database(backend);
		DataSource dataSource = new DriverManagerDataSource(database.url(), database.username(), database.password());
		MutableClock clock = new MutableClock(Instant.parse("2026-01-14T12:00:00Z"));
		AuditTrail trail = new AuditTrail(dataSource, clock, new AuditProperties(Duration.ofDays(30)));
		trail.afterPropertiesSet();
		assertThat(IdempotentDdl.indexesOf(new JdbcTemplate(dataSource), AuditTrail.TABLE))
			.containsAll(AuditTrail.INDEXES.keySet());

		trail.record("operator", "restart", "execution 1", 200, 1L, "started");
		clock.advance(Duration.ofDays(30).minusMinutes(1));
		trail.record("operator", "launch", "game-lines 2026-01-15", 200, 2L, "started");
		assertThat(trail.newestFirst(1L, 0, 10)).as("a minute short of the 30 days kept").hasSize(1);

		clock.advance(Duration.ofHours(1).plusMinutes(2));
		trail.record("viewer", "refused", "POST /api/v1/batches", 403, null, "operator role needed");
		assertThat(trail.newestFirst(1L, 0, 10)).as("past the 30 days").isEmpty();
		assertThat(trail.newestFirst(null, 0, 10)).extracting(AuditTrail.Event::action)
			.containsExactly("refused", "launch");
	}

}
