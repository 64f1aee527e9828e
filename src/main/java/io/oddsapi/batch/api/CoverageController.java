package io.oddsapi.batch.api;

import java.time.LocalDate;
import java.util.List;

import io.oddsapi.batch.coverage.CoverageReport;
import io.oddsapi.batch.coverage.CoverageRow;
import io.oddsapi.batch.coverage.CoverageService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/coverage?gameDate=}: a date's coverage as of now (it writes
 * nothing).
 */
@ServerMode
@Tag(name = "coverage", description = "Whether every scheduled game of a date has its lines")
@RestController
@RequestMapping("/api/v1/coverage")
class CoverageController {

	private final CoverageService coverage;

	CoverageController(CoverageService coverage) {
		this.coverage = coverage;
	}

	/**
	 * @param scheduleSource {@code events} (the date's events file) or {@code endpoints}
	 * (none: the games seen in the published rows)
	 */
	record CoverageResponse(String gameDate, String scheduleSource, int flagged, List<CoverageRow> games) {
	}

	@Operation(operationId = "getCoverage", summary = "A game date's coverage as of now",
			description = "Computed from the date's schedule and published pre-tip rows; writes nothing.")
	@ApiResponse(responseCode = "200", description = "The date's games and their flags")
	@ApiResponse(responseCode = "400", ref = OpenApiConfiguration.BAD_REQUEST)
	@GetMapping
	CoverageResponse coverage(@Parameter(description = "the game date",
			example = "2026-01-14") @RequestParam @DateTimeFormat(pattern = RequestBinding.DATE) LocalDate gameDate) {
		CoverageReport report = coverage.report(gameDate);
		return new CoverageResponse(report.gameDate().toString(), report.scheduleSource(), report.flagged().size(),
				report.games());
	}

}
