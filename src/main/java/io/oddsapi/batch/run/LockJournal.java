package io.oddsapi.batch.run;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.oddsapi.batch.jdbc.HourlyPrune;
import io.oddsapi.batch.jdbc.IdempotentDdl;
import io.oddsapi.batch.lock.Acquisition;
import io.oddsapi.batch.lock.LockKey;
import io.oddsapi.batch.lock.LockState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
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

	private final HourlyPrune prune;

	public LockJournal(DataSource dataSource, Clock clock, AuditProperties audit) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.ownTransaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
		this.prune = new HourlyPrune(jdbc, TABLE, "event_at", clock, audit.retention());
	}

	/** The table, and the indexes an execution's events and old events are found by. */
	@Override
	public void afterPropertiesSet() {
		IdempotentDdl.execute(jdbc, "CREATE TABLE IF NOT EXISTS " + TABLE + " (event_at TIMESTAMP WITH TIME ZONE "
				+ "NOT NULL, lock_id VARCHAR(200) NOT NULL, event_kind VARCHAR(20) NOT NULL, lock_token VARCHAR(100) "
				+ "NOT NULL, execution_id BIGINT, host VARCHAR(200), detail VARCHAR(1000))");
		IdempotentDdl.ensureIndexes(jdbc, TABLE, INDEXES);
	}

	static final Map<String, String> INDEXES = Map.of("ix_odds_lock_event_execution", "(execution_id)",
			"ix_odds_lock_event_token", "(lock_token)", "ix_odds_lock_event_at", "(event_at)");

	void record(LockKey key, Kind kind, String token, Long executionId, String host, String detail) {
		prune.whenDue();
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
