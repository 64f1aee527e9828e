package io.oddsapi.batch.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.oddsapi.batch.lock.LockState;
import io.oddsapi.batch.run.DateRunOwner;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/locks}: every date lock stored now, read-only. */
@ServerMode
@Tag(name = "locks", description = "The date locks held now")
@RestController
@RequestMapping("/api/v1/locks")
class LocksController {

	private final DateRunOwner owner;

	private final Clock clock;

	LocksController(DateRunOwner owner, Clock clock) {
		this.owner = owner;
		this.clock = clock;
	}

	/**
	 * @param executionId the holder's execution, null while its launch is starting
	 * @param leaseSecondsLeft 0 once the lease has ended (the next launch of the date
	 * takes the lock over)
	 * @param runAgain a launch coalesced into the holder, which runs again for it
	 */
	record LockView(String id, String host, Long executionId, String trigger, Instant acquiredAt,
			Instant leaseExpiresAt, long leaseSecondsLeft, boolean expired, boolean runAgain) {
	}

	@Operation(operationId = "listLocks", summary = "Every date lock stored now",
			description = "Live leases and ended ones that the next launch of their date takes over.")
	@ApiResponse(responseCode = "200", description = "The locks, by id")
	@GetMapping
	List<LockView> locks() {
		Instant now = clock.instant();
		return owner.locks().stream().map(lock -> view(lock, now)).toList();
	}

	private static LockView view(LockState lock, Instant now) {
		long left = Math.max(0, Duration.between(now, lock.leaseExpiresAt()).toSeconds());
		return new LockView(lock.id(), lock.host(), lock.executionId(), lock.trigger(), lock.acquiredAt(),
				lock.leaseExpiresAt(), left, lock.expiredAt(now), lock.runAgain());
	}

}
