package io.oddsapi.batch.api;

import java.time.LocalDate;
import java.util.Locale;

import io.oddsapi.batch.run.LaunchRequest;
import io.oddsapi.batch.source.OddsEndpoint;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/batches}: process an endpoint's date now. */
@ServerMode
@Tag(name = "batches", description = "Process an endpoint's game date now")
@RestController
@RequestMapping("/api/v1/batches")
class BatchesController {

	private final PooledLaunches launches;

	BatchesController(PooledLaunches launches) {
		this.launches = launches;
	}

	static final String STARTED = "{\"status\":\"started\",\"executionId\":12,"
			+ "\"detail\":\"game-lines 2026-01-14: execution 12 started\"}";

	static final String COALESCED = "{\"status\":\"coalesced\",\"executionId\":12,\"detail\":\"game-lines "
			+ "2026-01-14 is being processed by execution 12 on host-a, which runs again for what arrived\"}";

	static final String NOTHING_NEW = "{\"status\":\"nothing-new\",\"executionId\":null,"
			+ "\"detail\":\"game-lines 2026-01-14: nothing new\"}";

	/**
	 * @param endpoint the endpoint's folder
	 * @param gameDate the game date, YYYY-MM-DD
	 */
	private static final String GIVE_BOTH = "give both \"endpoint\" (e.g. \"game-lines\") and \"gameDate\" "
			+ "(YYYY-MM-DD)";

	record BatchRequest(
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = String.class, example = "game-lines",
					allowableValues = {
							"game-lines", "player-props", "game-lines-history", "player-props-history" }) @NotNull(
									message = GIVE_BOTH) OddsEndpoint endpoint,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
					example = "2026-01-14") @NotNull(message = GIVE_BOTH) LocalDate gameDate){
	}

	/**
	 * @param status {@code started}, {@code coalesced} (the date's holder runs again for
	 * it) or {@code nothing-new}
	 * @param executionId the started execution, or the holder's; null when it is not
	 * known yet
	 */
	record LaunchResponse(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {
			"started", "coalesced", "nothing-new" }) String status,
			@Schema(types = { "integer", "null" }, format = "int64") Long executionId,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String detail){
	}

	/**
	 * 202 with the started execution (and its Location); 200 when the date is already
	 * being processed (coalesced) or there is nothing new.
	 */
	@Operation(operationId = "launchBatch", summary = "Process what is new in an endpoint's game date",
			description = "Takes the date's lock and starts a run (202), or joins the run that holds it (200, "
					+ "coalesced: it runs again for what arrived), or finds nothing new (200).")
	@ApiResponse(responseCode = "202", description = "A run started; Location is its execution",
			headers = @Header(name = "Location", description = "/api/v1/executions/{executionId}",
					schema = @Schema(type = "string")),
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = LaunchResponse.class),
					examples = @ExampleObject(name = "started", value = STARTED)))
	@ApiResponse(responseCode = "200", description = "Coalesced into the date's running execution, or nothing new",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = LaunchResponse.class),
					examples = { @ExampleObject(name = "coalesced", value = COALESCED),
							@ExampleObject(name = "nothing-new", value = NOTHING_NEW) }))
	@ApiResponse(responseCode = "400", ref = OpenApiConfiguration.BAD_REQUEST)
	@ApiResponse(responseCode = "503", ref = OpenApiConfiguration.BUSY)
	@PostMapping
	ResponseEntity<LaunchResponse> launch(@Valid @RequestBody BatchRequest body) {
		LaunchRequest request = new LaunchRequest(body.endpoint(), body.gameDate());
		PooledLaunches.Launched launched = launches.launch(request, "api by " + AuditFilter.actor(), true);
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
