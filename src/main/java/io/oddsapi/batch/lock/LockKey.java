package io.oddsapi.batch.lock;

import java.time.LocalDate;

import io.oddsapi.batch.source.OddsEndpoint;

/**
 * One lock per endpoint family and game date: a live endpoint and its backfill twin share
 * their table, so their lock.
 */
public record LockKey(OddsEndpoint.Family family, LocalDate gameDate) {

	public static LockKey of(OddsEndpoint endpoint, LocalDate gameDate) {
		return new LockKey(endpoint.family(), gameDate);
	}

	/** {@code oddsapi_game-lines_batch_2026-01-14}: the lock's row or document id. */
	public String id() {
		return "oddsapi_" + family.id() + "_batch_" + gameDate;
	}

	@Override
	public String toString() {
		return id();
	}
}
