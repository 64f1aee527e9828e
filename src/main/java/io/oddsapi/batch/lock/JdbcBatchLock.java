package io.oddsapi.batch.lock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import javax.sql.DataSource;

import io.oddsapi.batch.jdbc.IdempotentDdl;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The lock as a row of {@code odds_batch_lock} (H2, PostgreSQL): insert-if-absent is the
 * atomic create (the primary key refuses a second), a takeover is an update guarded by
 * the version read and the expiry, release a guarded delete. Each operation runs in a
 * transaction of its own. Time comes from the application's clock.
 */
public class JdbcBatchLock implements BatchLock {

	static final String TABLE = "odds_batch_lock";

	private static final RowMapper<LockState> STATE = (rs, i) -> new LockState(rs.getString("lock_id"),
			rs.getString("holder_token"), (Long) rs.getObject("holder_execution_id", Long.class),
			rs.getString("holder_host"), instant(rs.getObject("acquired_at", OffsetDateTime.class)),
			instant(rs.getObject("lease_expires_at", OffsetDateTime.class)), rs.getBoolean("run_again"),
			rs.getString("lock_trigger"));

	private final JdbcTemplate jdbc;

	private final TransactionTemplate ownTransaction;

	private final Clock clock;

	public JdbcBatchLock(DataSource dataSource, Clock clock) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.ownTransaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
	}

	/** Creates the lock table when missing. */
	public void createTable() {
		IdempotentDdl.execute(jdbc, "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
				+ "lock_id VARCHAR(200) PRIMARY KEY, holder_token VARCHAR(100) NOT NULL, holder_execution_id BIGINT, "
				+ "holder_host VARCHAR(200), acquired_at TIMESTAMP WITH TIME ZONE NOT NULL, "
				+ "lease_expires_at TIMESTAMP WITH TIME ZONE NOT NULL, run_again BOOLEAN NOT NULL, "
				+ "lock_trigger VARCHAR(500), version BIGINT NOT NULL)");
	}

	@Override
	public Acquisition acquire(LockKey key, String token, String host, String trigger, Duration lease,
			Predicate<LockState> presumedDead) {
		while (true) {
			Instant now = clock.instant();
			try {
				ownTransaction.executeWithoutResult(status -> jdbc.update("INSERT INTO " + TABLE
						+ " (lock_id, holder_token, holder_execution_id, holder_host, acquired_at, lease_expires_at,"
						+ " run_again, lock_trigger, version) VALUES (?, ?, NULL, ?, ?, ?, FALSE, ?, 0)", key.id(),
						token, host, ts(now), ts(now.plus(lease)), trigger));
				return new Acquisition.Acquired(read(key).orElseThrow(), null);
			}
			catch (DuplicateKeyException held) {
				// held, or expired: decided below on what the row says now
			}
			Optional<VersionedState> current = readVersioned(key);
			if (current.isEmpty()) {
				continue; // released between our insert and read: try again
			}
			LockState state = current.get().state();
			if (state.expiredAt(now) || presumedDead.test(state)) {
				int taken = inOwnTransaction("UPDATE " + TABLE + " SET holder_token = ?, holder_execution_id = NULL,"
						+ " holder_host = ?, acquired_at = ?, lease_expires_at = ?, run_again = FALSE, lock_trigger = ?,"
						+ " version = version + 1 WHERE lock_id = ? AND version = ?", token, host, ts(now),
						ts(now.plus(lease)), trigger, key.id(), current.get().version());
				if (taken == 1) {
					return new Acquisition.Acquired(read(key).orElseThrow(), state);
				}
				continue; // another taker won the race, or the holder renewed: look again
			}
			int flagged = inOwnTransaction(
					"UPDATE " + TABLE
							+ " SET run_again = TRUE, version = version + 1 WHERE lock_id = ? AND version = ?",
					key.id(), current.get().version());
			if (flagged == 1) {
				return new Acquisition.Coalesced(state);
			}
		}
	}

	@Override
	public boolean attach(LockKey key, String token, long executionId) {
		return inOwnTransaction(
				"UPDATE " + TABLE
						+ " SET holder_execution_id = ?, version = version + 1 WHERE lock_id = ? AND holder_token = ?",
				executionId, key.id(), token) == 1;
	}

	@Override
	public boolean renew(LockKey key, String token, Duration lease) {
		return inOwnTransaction(
				"UPDATE " + TABLE
						+ " SET lease_expires_at = ?, version = version + 1 WHERE lock_id = ? AND holder_token = ?",
				ts(clock.instant().plus(lease)), key.id(), token) == 1;
	}

	@Override
	public Release release(LockKey key, String token) {
		if (inOwnTransaction("DELETE FROM " + TABLE + " WHERE lock_id = ? AND holder_token = ? AND run_again = FALSE",
				key.id(), token) == 1) {
			return Release.RELEASED;
		}
		if (inOwnTransaction("UPDATE " + TABLE
				+ " SET run_again = FALSE, version = version + 1 WHERE lock_id = ? AND holder_token = ? AND run_again = TRUE",
				key.id(), token) == 1) {
			return Release.RUN_AGAIN;
		}
		return Release.LOST;
	}

	@Override
	public boolean releaseAfterFailure(LockKey key, String token) {
		while (true) {
			// the lease ends where it began: expired for every clock, run_again kept
			if (inOwnTransaction("UPDATE " + TABLE + " SET lease_expires_at = acquired_at, version = version + 1"
					+ " WHERE lock_id = ? AND holder_token = ? AND run_again = TRUE", key.id(), token) == 1) {
				return true;
			}
			if (inOwnTransaction(
					"DELETE FROM " + TABLE + " WHERE lock_id = ? AND holder_token = ? AND run_again = FALSE", key.id(),
					token) == 1 || read(key).filter(state -> token.equals(state.token())).isEmpty()) {
				return false;
			}
			// run_again was set between the two statements: look again
		}
	}

	@Override
	public Optional<LockState> read(LockKey key) {
		return readVersioned(key).map(VersionedState::state);
	}

	@Override
	public List<LockState> held() {
		return ownTransaction.execute(status -> jdbc.query("SELECT * FROM " + TABLE + " ORDER BY lock_id", STATE));
	}

	private record VersionedState(LockState state, long version) {
	}

	private Optional<VersionedState> readVersioned(LockKey key) {
		List<VersionedState> rows = ownTransaction
			.execute(status -> jdbc.query("SELECT * FROM " + TABLE + " WHERE lock_id = ?",
					(rs, i) -> new VersionedState(STATE.mapRow(rs, i), rs.getLong("version")), key.id()));
		return rows == null ? Optional.empty() : rows.stream().findFirst();
	}

	private int inOwnTransaction(String sql, Object... args) {
		Integer count = ownTransaction.execute(status -> jdbc.update(sql, args));
		return count == null ? 0 : count;
	}

	private static OffsetDateTime ts(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private static Instant instant(OffsetDateTime value) {
		return value == null ? null : value.toInstant();
	}

}
