package io.oddsapi.batch.run;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import io.oddsapi.batch.jdbc.IdempotentDdl;
import io.oddsapi.batch.lock.Acquisition;
import io.oddsapi.batch.lock.LockKey;
import io.oddsapi.batch.lock.LockState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What happened to a date's lock, for the people watching runs: who acquired it, took it
 * over or coalesced into it, and which execution ran under which hold. A row of
 * {@code odds_lock_event} in the job repository's database (whatever stores the lock
 * itself), written in a transaction of its own. Best effort: a journal that cannot be
 * written is logged and never fails a launch.
 */
@Component
public class LockJournal implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(LockJournal.class);

	static final String TABLE = "odds_lock_event";

	public enum Kind {

		ACQUIRED, TOOK_OVER, COALESCED, RAN

	}

	/**
	 * @param token the hold the event is about: its own for acquired, took over and ran;
	 * the holder's for coalesced
	 * @param executionId the execution that ran (ran), or the holder's execution a launch
	 * coalesced into, when known
	 * @param detail who did it and why: the trigger, the holder taken over from
	 */
	public record Event(Instant at, String lockId, Kind kind, String token, Long executionId, String host,
			String detail) {
	}

	private final JdbcTemplate jdbc;

	private final TransactionTemplate ownTransaction;

	private final Clock clock;

	private final Duration retention;

	private final AtomicReference<Instant> pruned = new AtomicReference<>(Instant.MIN);

	public LockJournal(DataSource dataSource, Clock clock, AuditProperties audit) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.ownTransaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
		this.retention = audit.retention();
	}

	/**
	 * The indexes an execution's events are found by. Each is created only when the
	 * catalogue lacks it: on PostgreSQL, CREATE INDEX IF NOT EXISTS takes the table's
	 * lock before it looks, and would wait on other processes' journal writes at every
	 * start.
	 */
	@Override
	public void afterPropertiesSet() {
		IdempotentDdl.execute(jdbc, "CREATE TABLE IF NOT EXISTS " + TABLE + " (event_at TIMESTAMP WITH TIME ZONE "
				+ "NOT NULL, lock_id VARCHAR(200) NOT NULL, event_kind VARCHAR(20) NOT NULL, lock_token VARCHAR(100) "
				+ "NOT NULL, execution_id BIGINT, host VARCHAR(200), detail VARCHAR(1000))");
		Set<String> indexes = indexes();
		INDEXES.forEach((name, columns) -> {
			if (!indexes.contains(name)) {
				IdempotentDdl.execute(jdbc, "CREATE INDEX IF NOT EXISTS " + name + " ON " + TABLE + " " + columns);
			}
		});
	}

	static final Map<String, String> INDEXES = Map.of("ix_odds_lock_event_execution", "(execution_id)",
			"ix_odds_lock_event_token", "(lock_token)", "ix_odds_lock_event_at", "(event_at)");

	/** The journal's indexes, lower-case, as the connection's schema has them. */
	Set<String> indexes() {
		return jdbc.execute((ConnectionCallback<Set<String>>) connection -> {
			Set<String> names = new HashSet<>();
			DatabaseMetaData metadata = connection.getMetaData();
			for (String table : List.of(TABLE, TABLE.toUpperCase(Locale.ROOT))) {
				try (ResultSet rs = metadata.getIndexInfo(null, connection.getSchema(), table, false, true)) {
					while (rs.next()) {
						String name = rs.getString("INDEX_NAME");
						if (name != null) {
							names.add(name.toLowerCase(Locale.ROOT));
						}
					}
				}
			}
			return names;
		});
	}

	void record(LockKey key, Kind kind, String token, Long executionId, String host, String detail) {
		pruneHourly();
		try {
			ownTransaction.executeWithoutResult(status -> jdbc.update("INSERT INTO " + TABLE
					+ " (event_at, lock_id, event_kind, lock_token, execution_id, host, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
					OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), key.id(), kind.name(), token,
					executionId, host, detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 1000)));
		}
		catch (RuntimeException ex) {
			log.warn("{}: could not journal {} ({}); the launch goes on", key, kind, ex.getMessage());
		}
	}

	/**
	 * Deletes the events older than the retention, when the last deletion is an hour old
	 * (one process of several may find the same events gone: it deletes nothing).
	 */
	private void pruneHourly() {
		Instant now = clock.instant();
		Instant last = pruned.get();
		if (last.isAfter(now.minus(Duration.ofHours(1))) || !pruned.compareAndSet(last, now)) {
			return;
		}
		try {
			int deleted = jdbc.update("DELETE FROM " + TABLE + " WHERE event_at < ?",
					OffsetDateTime.ofInstant(now.minus(retention), ZoneOffset.UTC));
			if (deleted > 0) {
				log.info("lock journal: deleted {} events older than {}", deleted, retention);
			}
		}
		catch (RuntimeException ex) {
			log.warn("lock journal: could not delete events older than {} ({})", retention, ex.getMessage());
		}
	}

	/**
	 * Journals how a launch claimed the date: acquired, took over an expired lease, or
	 * coalesced into a holder.
	 */
	void claimed(LockKey key, String token, String trigger, String host, Acquisition acquisition) {
		if (acquisition instanceof Acquisition.Acquired acquired) {
			LockState from = acquired.tookOverFrom();
			record(key, from == null ? Kind.ACQUIRED : Kind.TOOK_OVER, token, null, host,
					"trigger " + trigger + (from == null ? "" : "; took over from " + from.describeHolder()
							+ ", whose lease ended " + from.leaseExpiresAt()));
		}
		else if (acquisition instanceof Acquisition.Coalesced coalesced) {
			LockState holder = coalesced.holder();
			record(key, Kind.COALESCED, holder.token(), holder.executionId(), host,
					"trigger " + trigger + " coalesced into " + holder.describeHolder() + ", which runs again");
		}
	}

	/**
	 * The events of the holds under which {@code executionId} ran: their acquisition or
	 * takeover, the launches that coalesced into them and every execution they ran,
	 * oldest first.
	 */
	public List<Event> ofExecution(long executionId) {
		return jdbc.query(
				"SELECT * FROM " + TABLE + " WHERE lock_token IN (SELECT lock_token FROM " + TABLE
						+ " WHERE event_kind = 'RAN' AND execution_id = ?) ORDER BY event_at, event_kind",
				(rs, i) -> new Event(rs.getObject("event_at", OffsetDateTime.class).toInstant(),
						rs.getString("lock_id"), Kind.valueOf(rs.getString("event_kind")), rs.getString("lock_token"),
						(Long) rs.getObject("execution_id", Long.class), rs.getString("host"), rs.getString("detail")),
				executionId);
	}

}
