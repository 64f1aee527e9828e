package io.oddsapi.batch.api;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.oddsapi.batch.jdbc.HourlyPrune;
import io.oddsapi.batch.jdbc.IdempotentDdl;
import io.oddsapi.batch.run.AuditProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who did what to the server, when, and how it ended: every action (launch, restart,
 * stop, recover, abandon, notification), console sign-in and sign-out, and every request
 * refused for its caller's role or a missing CSRF token, as a row of
 * {@code odds_audit_event} in the job repository's database (so every instance writes and
 * reads one trail) and as a log line. Rows older than {@code odds.audit.retention} are
 * deleted as new ones come, at most once an hour.
 */
@ServerMode
@Component
class AuditTrail implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

	static final String TABLE = "odds_audit_event";

	static final Map<String, String> INDEXES = Map.of("ix_odds_audit_event_at", "(event_at)",
			"ix_odds_audit_event_execution", "(execution_id)");

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final HourlyPrune prune;

	/**
	 * @param actor who: a token's name, a pusher's email, {@code local}, or
	 * {@code anonymous}
	 * @param action launch, restart, stop, recover, abandon, notification, sign-in,
	 * sign-out, refused
	 * @param target what it named: an endpoint and date, or the method and path
	 * @param outcome the answer's status code
	 * @param executionId the execution acted on or started, when there is one
	 * @param detail what the answer said
	 */
	record Event(Instant at, String actor, String action, String target, int outcome, Long executionId, String detail) {
	}

	AuditTrail(DataSource dataSource, Clock clock, AuditProperties audit) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.clock = clock;
		this.prune = new HourlyPrune(jdbc, TABLE, "event_at", clock, audit.retention());
	}

	@Override
	public void afterPropertiesSet() {
		IdempotentDdl.execute(jdbc,
				"CREATE TABLE IF NOT EXISTS " + TABLE + " (event_at TIMESTAMP WITH TIME ZONE "
						+ "NOT NULL, actor VARCHAR(200) NOT NULL, action VARCHAR(40) NOT NULL, target VARCHAR(300), "
						+ "outcome INTEGER NOT NULL, execution_id BIGINT, detail VARCHAR(1000))");
		IdempotentDdl.ensureIndexes(jdbc, TABLE, INDEXES);
	}

	/** Written and logged; a failure to write is logged and never fails the request. */
	void record(String actor, String action, String target, int outcome, Long executionId, String detail) {
		String shortDetail = detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 1000);
		log.info("audit: actor={} action={} target={} outcome={} execution={} detail={}", actor, action, target,
				outcome, executionId, shortDetail);
		prune.whenDue();
		try {
			jdbc.update(
					"INSERT INTO " + TABLE + " (event_at, actor, action, target, outcome, execution_id, detail) "
							+ "VALUES (?, ?, ?, ?, ?, ?, ?)",
					OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), cut(actor, 200), action,
					cut(target, 300), outcome, executionId, shortDetail);
		}
		catch (RuntimeException ex) {
			log.warn("audit: could not record {} by {} ({})", action, actor, ex.getMessage());
		}
	}

	private static String cut(String text, int length) {
		return text == null || text.length() <= length ? text : text.substring(0, length);
	}

	/** A page of the trail, newest first; only the events of one execution when given. */
	List<Event> newestFirst(Long executionId, int page, int size) {
		List<Object> args = new ArrayList<>();
		String where = where(executionId, args);
		args.add(size);
		args.add((long) page * size);
		return jdbc.query("SELECT * FROM " + TABLE + where + " ORDER BY event_at DESC LIMIT ? OFFSET ?",
				(rs, i) -> new Event(rs.getObject("event_at", OffsetDateTime.class).toInstant(), rs.getString("actor"),
						rs.getString("action"), rs.getString("target"), rs.getInt("outcome"),
						rs.getObject("execution_id", Long.class), rs.getString("detail")),
				args.toArray());
	}

	long count(Long executionId) {
		List<Object> args = new ArrayList<>();
		Long count = jdbc.queryForObject("SELECT COUNT(*) FROM " + TABLE + where(executionId, args), Long.class,
				args.toArray());
		return count == null ? 0 : count;
	}

	private static String where(Long executionId, List<Object> args) {
		if (executionId == null) {
			return "";
		}
		args.add(executionId);
		return " WHERE execution_id = ?";
	}

}
