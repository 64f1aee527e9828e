package io.oddsapi.batch.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deletes a journal table's rows older than a retention, at most once an hour per
 * process, when asked as rows are written (several processes may delete the same rows:
 * the later ones find nothing). A failure is logged, never thrown: the write that asked
 * goes on.
 */
public final class HourlyPrune {

	private static final Logger log = LoggerFactory.getLogger(HourlyPrune.class);

	private final JdbcTemplate jdbc;

	private final String delete;

	private final Clock clock;

	private final Duration retention;

	private final AtomicReference<Instant> pruned = new AtomicReference<>(Instant.MIN);

	/** {@code timeColumn} of {@code table} is a TIMESTAMP WITH TIME ZONE. */
	public HourlyPrune(JdbcTemplate jdbc, String table, String timeColumn, Clock clock, Duration retention) {
		this.jdbc = jdbc;
		this.delete = "DELETE FROM " + table + " WHERE " + timeColumn + " < ?";
		this.clock = clock;
		this.retention = retention;
	}

	public void whenDue() {
		Instant now = clock.instant();
		Instant last = pruned.get();
		if (last.isAfter(now.minus(Duration.ofHours(1))) || !pruned.compareAndSet(last, now)) {
			return;
		}
		try {
			int deleted = jdbc.update(delete, OffsetDateTime.ofInstant(now.minus(retention), ZoneOffset.UTC));
			if (deleted > 0) {
				log.info("{}: deleted {} rows older than {}", delete, deleted, retention);
			}
		}
		catch (RuntimeException ex) {
			log.warn("{}: could not delete rows older than {} ({})", delete, retention, ex.getMessage());
		}
	}

}
