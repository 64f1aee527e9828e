package io.oddsapi.batch.run;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import javax.sql.DataSource;

import io.oddsapi.batch.jdbc.IdempotentDdl;
import io.oddsapi.batch.lock.LockKey;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.MutableClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lock journal on each backend: found by index (created once, and left alone by the
 * next process to start), and its events older than the retention deleted as new ones
 * come, at most once an hour.
 */
class LockJournalFunctionalTests extends FunctionalTest {

	private static final LockKey KEY = LockKey.of(OddsEndpoint.GAME_LINES, LocalDate.of(2026, 1, 14));

	private static final Instant START = Instant.parse("2026-01-14T12:00:00Z");

	@ParameterizedTest
	@EnumSource(Backend.class)
	void isIndexedAndKeepsEventsForTheRetentionOnly(Backend backend) {
		Backend.TestDatabase database = database(backend);
		DataSource dataSource = new DriverManagerDataSource(database.url(), database.username(), database.password());
		MutableClock clock = new MutableClock(START);
		LockJournal journal = journal(dataSource, clock);
		assertThat(IdempotentDdl.indexesOf(new JdbcTemplate(dataSource), LockJournal.TABLE))
			.containsAll(LockJournal.INDEXES.keySet());
		LockJournal nextProcess = journal(dataSource, clock);
		assertThat(IdempotentDdl.indexesOf(new JdbcTemplate(dataSource), LockJournal.TABLE))
			.as("a second start finds them and creates none")
			.containsAll(LockJournal.INDEXES.keySet());

		journal.record(KEY, LockJournal.Kind.RAN, "hold-1", 1L, "host-a", null);
		clock.advance(Duration.ofDays(90).minusMinutes(10));
		journal.record(KEY, LockJournal.Kind.RAN, "hold-2", 2L, "host-a", null);
		assertThat(journal.ofExecution(1)).as("10 minutes short of the 90 days kept").hasSize(1);

		clock.advance(Duration.ofMinutes(20));
		journal.record(KEY, LockJournal.Kind.RAN, "hold-3", 3L, "host-a", null);
		assertThat(journal.ofExecution(1)).as("past the 90 days, but the last deletion is 20 minutes old").hasSize(1);

		clock.advance(Duration.ofHours(1));
		journal.record(KEY, LockJournal.Kind.RAN, "hold-4", 4L, "host-a", null);
		assertThat(journal.ofExecution(1)).as("deleted an hour after the last deletion").isEmpty();
		assertThat(journal.ofExecution(2)).hasSize(1);
		assertThat(journal.ofExecution(4)).hasSize(1);
	}

	private static LockJournal journal(DataSource dataSource, MutableClock clock) {
		LockJournal journal = new LockJournal(dataSource, clock, new AuditProperties(Duration.ofDays(90)));
		journal.afterPropertiesSet();
		return journal;
	}

}
