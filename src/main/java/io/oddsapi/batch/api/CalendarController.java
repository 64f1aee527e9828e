package io.oddsapi.batch.api;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.oddsapi.batch.coverage.CoverageService;
import io.oddsapi.batch.job.RunSummary;
import io.oddsapi.batch.warehouse.DateTally;
import io.oddsapi.batch.warehouse.PublishReport;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read-only figures over ranges of days, for the console's calendar and charts: per game
 * date, its runs and its last recorded coverage; per day the runs were made, what they
 * published, how long they took and what they rejected.
 */
@ServerMode
@Tag(name = "calendar", description = "Figures over ranges of days")
@RestController
@RequestMapping("/api/v1")
class CalendarController {

	/** A season and then some: the calendar reads one query per source. */
	static final int MAX_DATES = 400;

	/** Every run of the range is read back from the job repository: kept to a quarter. */
	static final int MAX_DAYS = 92;

	private final ExecutionQueries queries;

	private final JobRepository repository;

	private final CoverageService coverage;

	CalendarController(ExecutionQueries queries, JobRepository repository, CoverageService coverage) {
		this.queries = queries;
		this.repository = repository;
		this.coverage = coverage;
	}

	/**
	 * @param statuses the statuses of the date's executions, newest first
	 * @param games scheduled games in the date's last recorded coverage; null when it was
	 * never recorded
	 * @param flagged of those, the games flagged (no lines, or no props, when due)
	 */
	record DateView(String gameDate, List<String> statuses, Long games, Long flagged) {
	}

	@Operation(operationId = "listDates", summary = "Per game date: its runs and last recorded coverage",
			description = "Dates with neither are left out; at most 400 days at a time.")
	@ApiResponse(responseCode = "200", description = "The dates, in order")
	@ApiResponse(responseCode = "400", ref = OpenApiConfiguration.BAD_REQUEST)
	@GetMapping("/dates")
	List<DateView> dates(
			@Parameter(description = "first game date",
					example = "2025-10-01") @RequestParam @DateTimeFormat(pattern = RequestBinding.DATE) LocalDate from,
			@Parameter(description = "last game date",
					example = "2026-06-30") @RequestParam @DateTimeFormat(pattern = RequestBinding.DATE) LocalDate to) {
		Range range = Range.of(from, to, MAX_DATES);
		LocalDate first = range.first();
		LocalDate last = range.last();
		Map<String, List<String>> statuses = queries.statusesByDate(first.toString(), last.toString());
		Map<String, DateTally> tallies = new HashMap<>();
		coverage.recordedByDate(first, last).forEach(t -> tallies.put(t.gameDate().toString(), t));
		TreeMap<String, DateView> views = new TreeMap<>();
		for (String date : statuses.keySet()) {
			views.put(date, view(date, statuses, tallies));
		}
		for (String date : tallies.keySet()) {
			views.put(date, view(date, statuses, tallies));
		}
		return List.copyOf(views.values());
	}

	private static DateView view(String date, Map<String, List<String>> statuses, Map<String, DateTally> tallies) {
		DateTally tally = tallies.get(date);
		return new DateView(date, statuses.getOrDefault(date, List.of()), tally == null ? null : tally.rows(),
				tally == null ? null : tally.marked());
	}

	/**
	 * @param day the day the runs were created, in the server's time zone (UTC on Cloud
	 * Run)
	 * @param rowsPublished rows the runs' MERGEs took in (after collapsing duplicates),
	 * all tables
	 * @param runSeconds the runs' durations added up
	 */
	record DayView(String day, int runs, int failed, long rowsPublished, double runSeconds, long filesRejected) {
	}

	@Operation(operationId = "listDailyFigures", summary = "Per day: runs, rows published, run time, files rejected",
			description = "By the day the runs were made; every day of the range, at most 92.")
	@ApiResponse(responseCode = "200", description = "One entry per day")
	@ApiResponse(responseCode = "400", ref = OpenApiConfiguration.BAD_REQUEST)
	@GetMapping("/daily")
	List<DayView> daily(
			@Parameter(description = "first day",
					example = "2026-01-01") @RequestParam @DateTimeFormat(pattern = RequestBinding.DATE) LocalDate from,
			@Parameter(description = "last day",
					example = "2026-01-31") @RequestParam @DateTimeFormat(pattern = RequestBinding.DATE) LocalDate to) {
		Range range = Range.of(from, to, MAX_DAYS);
		LocalDate first = range.first();
		LocalDate last = range.last();
		Map<LocalDate, List<RunSummary>> byDay = new TreeMap<>();
		for (long id : queries.createdBetween(first.atStartOfDay(), last.plusDays(1).atStartOfDay())) {
			JobExecution execution = repository.getJobExecution(id);
			if (execution != null) {
				byDay.computeIfAbsent(execution.getCreateTime().toLocalDate(), day -> new ArrayList<>())
					.add(RunSummary.of(execution, repository));
			}
		}
		List<DayView> days = new ArrayList<>();
		for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
			List<RunSummary> runs = byDay.getOrDefault(day, List.of());
			days.add(new DayView(day.toString(), runs.size(),
					(int) runs.stream().filter(r -> r.status().isUnsuccessful()).count(),
					runs.stream()
						.flatMap(r -> r.report().tables().stream())
						.mapToLong(PublishReport.TableReport::merged)
						.sum(),
					runs.stream().mapToLong(r -> r.took().toMillis()).sum() / 1000.0,
					runs.stream().mapToLong(r -> r.counts().rejections().size()).sum()));
		}
		return days;
	}

	/** Days from {@code first} to {@code last}, both included. */
	private record Range(LocalDate first, LocalDate last) {

		static Range of(LocalDate first, LocalDate last, int maxDays) {
			if (last.isBefore(first)) {
				throw ApiException.badRequest("to (" + last + ") is before from (" + first + ")");
			}
			long days = ChronoUnit.DAYS.between(first, last) + 1;
			if (days > maxDays) {
				throw ApiException
					.badRequest("at most " + maxDays + " days at a time; " + first + " to " + last + " is " + days);
			}
			return new Range(first, last);
		}
	}

}
