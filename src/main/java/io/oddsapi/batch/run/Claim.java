package io.oddsapi.batch.run;

import java.time.LocalDate;

import io.oddsapi.batch.lock.Acquisition;
import io.oddsapi.batch.lock.LockKey;
import io.oddsapi.batch.lock.LockState;
import io.oddsapi.batch.source.OddsEndpoint;

/**
 * The date's lock, or the live holder it coalesced into (run_again set). A held claim
 * must be passed to {@link DateRunOwner#run} at once (its lease is not renewed until
 * then) or given back with {@link DateRunOwner#giveBack}.
 */
public record Claim(OddsEndpoint endpoint, LocalDate gameDate, String token, Acquisition acquisition) {

	public boolean held() {
		return acquisition instanceof Acquisition.Acquired;
	}

	/** The holder a coalesced claim joined. */
	public LockState holder() {
		return ((Acquisition.Coalesced) acquisition).holder();
	}

	LockKey key() {
		return LockKey.of(endpoint, gameDate);
	}
}
