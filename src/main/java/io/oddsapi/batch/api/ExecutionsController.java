package io.oddsapi.batch.api;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;

import io.oddsapi.batch.job.OddsJobConfiguration;
import io.oddsapi.batch.job.RunParameters;
import io.oddsapi.batch.job.RunSummary;
import io.oddsapi.batch.run.DateHeldException;
import io.oddsapi.batch.run.DateRunOwner;
import io.oddsapi.batch.run.LaunchRequest;
import io.oddsapi.batch.run.LockJournal;
import io.oddsapi.batch.source.OddsEndpoint;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Job executions and Spring Batch's JobOperator verbs on them. Restart, recover and
 * abandon go through the owner of the date's run, so that they respect the date's lock
 * like every other launch; recover and abandon are refused while a live holder has the
 * date.
 */
@ServerMode
@Tag(name = "executions", description = "Job executions: list, read, and Spring Batch's verbs on them")
@RestController
@RequestMapping("/api/v1/executions")
class ExecutionsController {

	private final JobRepository repository;

	private final JobOperator operator;

	private final ExecutionQueries queries;

	private final PooledLaunches launches;

	private final DateRunOwner owner;

	private final LockJournal journal;

	ExecutionsController(JobRepository repository, JobOperator operator, ExecutionQueries queries,
			PooledLaunches launches, DateRunOwner owner, LockJournal journal) {
		this.journal = journal;
		this.repository = repository;
		this.operator = operator;
		this.queries = queries;
		this.launches = launches;
		this.owner = owner;
	}

	/**
	 * @param total the executions that match, on all pages
	 */
	record Page(int page, int size, long total, List<ExecutionView> executions) {
	}

	@Operation(operationId = "listExecutions", summary = "List executions, newest first",
			description = "Twenty a page (or size, up to 100), with the total that match; filtered by endpoint, game date or a range of game dates, and status.")
	@ApiResponse(responseCode = "200", description = "A page of executions")
	@ApiResponse(responseCode = "400", ref = OpenApiConfiguration.BAD_REQUEST)
	@GetMapping
	Page list(
			@Parameter(description = "an endpoint's folder", example = "game-lines",
					schema = @Schema(implementation = String.class,
							allowableValues = { "game-lines", "player-props", "game-lines-history",
									"player-props-history" })) @RequestParam(required = false) OddsEndpoint endpoint,
			@Parameter(description = "one game date (not with from or to)", example = "2026-01-14") @RequestParam(
					required = false) @DateTimeFormat(pattern = RequestBinding.DATE) LocalDate gameDate,
			@Parameter(description = "first game date of a range", example = "2026-01-01") @RequestParam(
					required = false) @DateTimeFormat(pattern = RequestBinding.DATE) LocalDate from,
			@Parameter(description = "last game date of a range", example = "2026-01-31") @RequestParam(
					required = false) @DateTimeFormat(pattern = RequestBinding.DATE) LocalDate to,
			@Parameter(description = "a Spring Batch status, in any case",
					example = "FAILED") @RequestParam(required = false) BatchStatus status,
			@Parameter(description = "page number, from 0") @RequestParam(defaultValue = "0") @Min(value = 0,
					message = "must be 0 or more") int page,
			@Parameter(description = "executions per page") @RequestParam(defaultValue = "20") @Min(value = 1,
					message = "must be 1 or more") @Max(value = 100, message = "must be 100 or less") int size) {
		if (gameDate != null && (from != null || to != null)) {
			throw ApiException.badRequest("give gameDate, or from and/or to, not both");
		}
		LocalDate first = gameDate != null ? gameDate : from;
		LocalDate last = gameDate != null ? gameDate : to;
		ExecutionQueries.Filter filter = new ExecutionQueries.Filter(endpoint == null ? null : endpoint.folder(),
				text(first), text(last), status);
		List<ExecutionView> views = queries.newestFirst(filter, page, size)
			.stream()
			.map(this::execution)
			.map(this::view)
			.toList();
		return new Page(page, size, queries.count(filter), views);
	}

	private static String text(LocalDate date) {
		return date == null ? null : date.toString();
	}

	@Operation(operationId = "getExecution", summary = "Read one execution",
			description = "Its steps, objects, rows per table, rejected files and its date's lock events.")
	@ApiResponse(responseCode = "200", description = "The execution")
	@ApiResponse(responseCode = "404", ref = OpenApiConfiguration.NOT_FOUND)
	@GetMapping("/{id}")
	ExecutionView get(@PathVariable long id) {
		JobExecution execution = execution(id);
		List<ExecutionView.LockEvent> events = journal.ofExecution(id)
			.stream()
			.map(e -> new ExecutionView.LockEvent(e.at(), e.kind().name(), e.lockId(), e.executionId(), e.host(),
					e.detail()))
			.toList();
		return ExecutionView.of(execution, RunSummary.of(execution, repository), events, restarts(id));
	}

	/**
	 * Restarts a FAILED or STOPPED execution (the latest of its date) under the date's
	 * lock.
	 */
	@Operation(operationId = "restartExecution", summary = "Restart a failed or stopped execution",
			description = "Under its date's lock, from its last commit. Refused (409) when it completed, was "
					+ "abandoned, is running, was already restarted, or its date is being processed.")
	@ApiResponse(responseCode = "202", description = "The restart started; Location is the new execution",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = BatchesController.LaunchResponse.class)))
	@ApiResponse(responseCode = "404", ref = OpenApiConfiguration.NOT_FOUND)
	@ApiResponse(responseCode = "409", ref = OpenApiConfiguration.CONFLICT)
	@ApiResponse(responseCode = "503", ref = OpenApiConfiguration.BUSY)
	@PostMapping("/{id}/restart")
	ResponseEntity<BatchesController.LaunchResponse> restart(@PathVariable long id) {
		JobExecution execution = execution(id);
		BatchStatus status = execution.getStatus();
		if (status == BatchStatus.COMPLETED) {
			throw ApiException.conflict("execution " + id + " completed: there is nothing to restart");
		}
		if (status == BatchStatus.ABANDONED) {
			throw ApiException.conflict("execution " + id + " was abandoned and cannot restart; the next launch of "
					+ "its date takes up its objects");
		}
		if (execution.isRunning()) {
			throw ApiException.conflict("execution " + id + " is " + status + ": stop it, or recover it when its "
					+ "process is gone, before restarting it");
		}
		JobExecution latest = repository.getLastJobExecution(execution.getJobInstance());
		if (latest != null && latest.getId() != id) {
			throw ApiException.conflict("execution " + id + " was already restarted as execution " + latest.getId());
		}
		PooledLaunches.Launched launched = launches.launch(request(execution),
				"api restart of execution " + id + " by " + AuditFilter.actor(), true);
		if (launched.status() != PooledLaunches.Launched.Status.STARTED) {
			throw ApiException.conflict("execution " + id + " cannot restart now: " + launched.detail());
		}
		return BatchesController.accepted(launched);
	}

	/**
	 * Asks a running execution to stop at its next commit; it ends STOPPED and can
	 * restart from there.
	 */
	@Operation(operationId = "stopExecution", summary = "Stop a running execution at its next commit",
			description = "It ends STOPPED and can be restarted from there. Refused (409) when it is not running.")
	@ApiResponse(responseCode = "202", description = "Asked to stop")
	@ApiResponse(responseCode = "404", ref = OpenApiConfiguration.NOT_FOUND)
	@ApiResponse(responseCode = "409", ref = OpenApiConfiguration.CONFLICT)
	@PostMapping("/{id}/stop")
	ResponseEntity<ExecutionView> stop(@PathVariable long id) {
		JobExecution execution = execution(id);
		if (execution.getStatus() == BatchStatus.STOPPING) {
			throw ApiException.conflict("execution " + id + " is already stopping");
		}
		try {
			operator.stop(execution);
		}
		catch (JobExecutionNotRunningException ex) {
			throw ApiException.conflict("execution " + id + " is " + execution.getStatus() + ", not running: "
					+ "there is nothing to stop");
		}
		return ResponseEntity.accepted().body(view(execution(id)));
	}

	/**
	 * Marks a STARTED execution whose process is gone as FAILED, so that it can restart.
	 */
	@Operation(operationId = "recoverExecution", summary = "Mark an execution whose process is gone as FAILED",
			description = "So that it can be restarted. Refused (409) when it is not running, or while a live holder "
					+ "has its date.")
	@ApiResponse(responseCode = "200", description = "The execution, now FAILED")
	@ApiResponse(responseCode = "404", ref = OpenApiConfiguration.NOT_FOUND)
	@ApiResponse(responseCode = "409", ref = OpenApiConfiguration.CONFLICT)
	@PostMapping("/{id}/recover")
	ExecutionView recover(@PathVariable long id) {
		JobExecution execution = execution(id);
		if (!execution.isRunning()) {
			throw ApiException.conflict("execution " + id + " is " + execution.getStatus()
					+ ": only an execution left STARTED or STOPPING by a process that is gone needs recovering");
		}
		try {
			return view(owner.recover(execution));
		}
		catch (DateHeldException ex) {
			throw ApiException.conflict(ex.getMessage());
		}
	}

	/**
	 * Gives up on a FAILED or STOPPED execution for good; the next launch of its date
	 * takes up its objects.
	 */
	@Operation(operationId = "abandonExecution", summary = "Give up on a failed or stopped execution for good",
			description = "The next launch of its date takes up its objects. Refused (409) when it completed, was "
					+ "abandoned, is running, or while a live holder has its date.")
	@ApiResponse(responseCode = "200", description = "The execution, now ABANDONED")
	@ApiResponse(responseCode = "404", ref = OpenApiConfiguration.NOT_FOUND)
	@ApiResponse(responseCode = "409", ref = OpenApiConfiguration.CONFLICT)
	@PostMapping("/{id}/abandon")
	ExecutionView abandon(@PathVariable long id) {
		JobExecution execution = execution(id);
		if (execution.getStatus() == BatchStatus.COMPLETED || execution.getStatus() == BatchStatus.ABANDONED) {
			throw ApiException.conflict("execution " + id + " is " + execution.getStatus() + "; only a FAILED or "
					+ "STOPPED execution can be abandoned");
		}
		try {
			return view(owner.abandon(execution));
		}
		catch (DateHeldException ex) {
			throw ApiException.conflict(ex.getMessage());
		}
		catch (JobExecutionAlreadyRunningException ex) {
			throw ApiException.conflict("execution " + id + " is " + execution.getStatus()
					+ ": stop it first, or recover it when its process is gone");
		}
	}

	private static LaunchRequest request(JobExecution execution) {
		RunParameters run = RunParameters.of(execution);
		return new LaunchRequest(run.endpoint(), run.gameDate());
	}

	private JobExecution execution(long id) {
		JobExecution execution;
		try {
			execution = repository.getJobExecution(id);
		}
		catch (EmptyResultDataAccessException ex) {
			// Spring Batch 6 throws where it is documented to return null
			execution = null;
		}
		if (execution == null || !OddsJobConfiguration.JOB_NAME.equals(execution.getJobInstance().getJobName())) {
			throw ApiException.notFound("there is no execution " + id);
		}
		return execution;
	}

	private ExecutionView view(JobExecution execution) {
		return ExecutionView.of(execution, RunSummary.of(execution, repository), restarts(execution.getId()));
	}

	private ExecutionView.Restarts restarts(long id) {
		return ExecutionView.Restarts.among(id, queries.ofSameRun(id));
	}

	static URI location(long id) {
		return URI.create("/api/v1/executions/" + id);
	}

}
