package io.oddsapi.batch.api;

import java.net.URI;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.oddsapi.batch.source.OddsEndpoint;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/ranges}: an endpoint's dates from one to another, queued by the
 * server; {@code GET /api/v1/ranges/{id}}: each date's progress.
 */
@ServerMode
@Tag(name = "ranges", description = "Process a range of an endpoint's game dates, queued by the server")
@RestController
@RequestMapping("/api/v1/ranges")
class RangesController {

	private static final String GIVE_ALL = "give \"endpoint\" (e.g. \"game-lines\"), \"from\" and \"to\" "
			+ "(YYYY-MM-DD)";

	private final RangeLaunches ranges;

	RangesController(RangeLaunches ranges) {
		this.ranges = ranges;
	}

	/**
	 * @param endpoint the endpoint's folder
	 * @param from the first game date
	 * @param to the last game date, at most 30 days after the first
	 */
	record RangeRequest(
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = String.class, example = "game-lines",
					allowableValues = {
							"game-lines", "player-props", "game-lines-history", "player-props-history" }) @NotNull(
									message = GIVE_ALL) OddsEndpoint endpoint,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
					example = "2026-01-01") @NotNull(message = GIVE_ALL) LocalDate from,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
					example = "2026-01-31") @NotNull(message = GIVE_ALL) LocalDate to){
	}

	/**
	 * @param done whether every date has an answer (none queued or running)
	 */
	record RangeView(long id, String endpoint, boolean done, List<RangeLaunches.DateLaunch.View> dates) {

		static RangeView of(RangeLaunches.Range range) {
			return new RangeView(range.id(), range.endpoint().folder(), range.done(),
					range.dates().stream().map(RangeLaunches.DateLaunch::view).toList());
		}

	}

	@Operation(operationId = "launchRange", summary = "Process a range of an endpoint's game dates",
			description = "At most 31 dates. The server queues them and launches each as a launch thread frees up, "
					+ "so none is refused for a busy server; GET the range for each date's progress. Ranges are kept "
					+ "in the memory of the instance that took them.")
	@ApiResponse(responseCode = "202", description = "Queued; Location is the range",
			headers = @Header(name = "Location", description = "/api/v1/ranges/{id}",
					schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "400", ref = OpenApiConfiguration.BAD_REQUEST)
	@ApiResponse(responseCode = "503", ref = OpenApiConfiguration.BUSY)
	@PostMapping
	ResponseEntity<RangeView> launch(@Valid @RequestBody RangeRequest body) {
		if (body.to().isBefore(body.from())) {
			throw ApiException.badRequest("to (" + body.to() + ") is before from (" + body.from() + ")");
		}
		long days = ChronoUnit.DAYS.between(body.from(), body.to()) + 1;
		if (days > RangeLaunches.MAX_DATES) {
			throw ApiException.badRequest("at most " + RangeLaunches.MAX_DATES + " dates at a time; " + body.from()
					+ " to " + body.to() + " is " + days);
		}
		RangeLaunches.Range range = ranges.start(body.endpoint(), body.from(), body.to(), AuditFilter.actor());
		return ResponseEntity.accepted().location(URI.create("/api/v1/ranges/" + range.id())).body(RangeView.of(range));
	}

	@Operation(operationId = "getRange", summary = "A range's progress, date by date",
			description = "Each date: queued, started, completed, failed, nothing-new or coalesced, with its "
					+ "execution once known.")
	@ApiResponse(responseCode = "200", description = "The range")
	@ApiResponse(responseCode = "404", ref = OpenApiConfiguration.NOT_FOUND)
	@GetMapping("/{id}")
	RangeView get(@PathVariable long id) {
		return ranges.range(id)
			.map(RangeView::of)
			.orElseThrow(() -> ApiException.notFound("there is no range " + id + " on this instance"));
	}

}
