package io.oddsapi.batch.api;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/audit}: who did what, newest first. */
@ServerMode
@Tag(name = "audit", description = "Who did what to the server")
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {

	private final AuditTrail trail;

	AuditController(AuditTrail trail) {
		this.trail = trail;
	}

	/**
	 * @param total the events that match, on all pages
	 */
	record Page(int page, int size, long total, List<AuditTrail.Event> events) {
	}

	@Operation(operationId = "listAuditEvents", summary = "The audit trail, newest first",
			description = "Every launch, restart, stop, recover, abandon, notification, console sign-in and sign-out, "
					+ "and every request refused for its role or a missing CSRF token: who, what, when and the answer; one "
					+ "execution's when given.")
	@ApiResponse(responseCode = "200", description = "A page of events")
	@ApiResponse(responseCode = "400", ref = OpenApiConfiguration.BAD_REQUEST)
	@GetMapping
	Page events(
			@Parameter(description = "only the events of this execution") @RequestParam(
					required = false) Long execution,
			@Parameter(description = "page number, from 0") @RequestParam(defaultValue = "0") @Min(value = 0,
					message = "must be 0 or more") int page,
			@Parameter(description = "events per page") @RequestParam(defaultValue = "50") @Min(value = 1,
					message = "must be 1 or more") @Max(value = 200, message = "must be 200 or less") int size) {
		return new Page(page, size, trail.count(execution), trail.newestFirst(execution, page, size));
	}

}
