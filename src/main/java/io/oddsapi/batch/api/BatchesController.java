package io.oddsapi.batch.api;

import java.util.Locale;

import io.oddsapi.batch.run.LaunchRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/batches}: process an endpoint's date now. */
@ServerMode
@RestController
@RequestMapping("/api/v1/batches")
class BatchesController {

	private final PooledLaunches launches;

	BatchesController(PooledLaunches launches) {
		this.launches = launches;
	}

	record BatchRequest(String endpoint, String gameDate) {
	}

	/**
	 * @param status {@code started}, {@code coalesced} (the date's holder runs again for it) or {@code nothing-new}
	 * @param executionId the started execution, or the holder's; null when it is not known yet
	 */
	record LaunchResponse(String status, Long executionId, String detail) {
	}

	/**
	 * 202 with the started execution (and its Location); 200 when the date is already being processed (coalesced) or
	 * there is nothing new.
	 */
	@PostMapping
	ResponseEntity<LaunchResponse> launch(@RequestBody BatchRequest body) {
		if (body == null || body.endpoint() == null || body.gameDate() == null) {
			throw new IllegalArgumentException("give both \"endpoint\" (e.g. \"game-lines\") and \"gameDate\" "
					+ "(YYYY-MM-DD)");
		}
		LaunchRequest request = LaunchRequest.parse(body.endpoint(), body.gameDate());
		PooledLaunches.Launched launched = launches.launch(request, "api", true);
		if (launched.status() == PooledLaunches.Launched.Status.STARTED) {
			return accepted(launched);
		}
		return ResponseEntity.ok(response(launched));
	}

	static ResponseEntity<LaunchResponse> accepted(PooledLaunches.Launched launched) {
		ResponseEntity.BodyBuilder accepted = ResponseEntity.accepted();
		if (launched.executionId() != null) {
			accepted.location(ExecutionsController.location(launched.executionId()));
		}
		return accepted.body(response(launched));
	}

	static LaunchResponse response(PooledLaunches.Launched launched) {
		return new LaunchResponse(launched.status().name().toLowerCase(Locale.ROOT).replace('_', '-'),
				launched.executionId(), launched.detail());
	}
}
