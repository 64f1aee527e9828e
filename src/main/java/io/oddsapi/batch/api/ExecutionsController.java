package io.oddsapi.batch.api;

import java.net.URI;
import java.util.List;

import io.oddsapi.batch.job.OddsJobConfiguration;
import io.oddsapi.batch.job.RunParameters;
import io.oddsapi.batch.job.RunSummary;
import io.oddsapi.batch.run.DateHeldException;
import io.oddsapi.batch.run.DateRunOwner;
import io.oddsapi.batch.run.LaunchRequest;
import io.oddsapi.batch.run.LockJournal;
import io.oddsapi.batch.source.OddsEndpoint;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Job executions and Spring Batch's JobOperator verbs on them. Restart, recover and abandon go through the owner of the
 * date's run, so that they respect the date's lock like every other launch; recover and abandon are refused while a
 * live holder has the date.
 */
@ServerMode
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

	record Page(int page, int size, List<ExecutionView> executions) {
	}

	@GetMapping
	Page list(@RequestParam(required = false) String endpoint, @RequestParam(required = false) String gameDate,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) String status, @RequestParam(defaultValue = "0") int page) {
		if (endpoint != null && OddsEndpoint.fromFolder(endpoint).isEmpty()) {
			throw new IllegalArgumentException("unknown endpoint '" + endpoint + "' (known: "
					+ OddsEndpoint.knownFolders() + ")");
		}
		if (gameDate != null && (from != null || to != null)) {
			throw new IllegalArgumentException("give gameDate, or from and/or to, not both");
		}
		String first = gameDate != null ? date("gameDate", gameDate) : date("from", from);
		String last = gameDate != null ? first : date("to", to);
		BatchStatus batchStatus = status == null ? null : status(status);
		if (page < 0) {
			throw new IllegalArgumentException("page must be 0 or more, was " + page);
		}
		List<ExecutionView> views = queries.newestFirst(endpoint, first, last, batchStatus, page)
			.stream()
			.map(this::execution)
			.map(this::view)
			.toList();
		return new Page(page, ExecutionQueries.PAGE_SIZE, views);
	}

	private static String date(String name, String value) {
		return value == null ? null : LaunchRequest.parseDate(name, value).toString();
	}

	@GetMapping("/{id}")
	ExecutionView get(@PathVariable long id) {
		JobExecution execution = execution(id);
		List<ExecutionView.LockEvent> events = journal.ofExecution(id)
			.stream()
			.map(e -> new ExecutionView.LockEvent(e.at(), e.kind().name(), e.lockId(), e.executionId(), e.host(),
					e.detail()))
			.toList();
		return ExecutionView.of(execution, RunSummary.of(execution, repository), events);
	}

	/** Restarts a FAILED or STOPPED execution (the latest of its date) under the date's lock. */
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
		PooledLaunches.Launched launched = launches.launch(request(execution), "api restart of execution " + id, true);
		if (launched.status() != PooledLaunches.Launched.Status.STARTED) {
			throw ApiException.conflict("execution " + id + " cannot restart now: " + launched.detail());
		}
		return BatchesController.accepted(launched);
	}

	/** Asks a running execution to stop at its next commit; it ends STOPPED and can restart from there. */
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

	/** Marks a STARTED execution whose process is gone as FAILED, so that it can restart. */
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

	/** Gives up on a FAILED or STOPPED execution for good; the next launch of its date takes up its objects. */
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
		catch (EmptyResultDataAccessException ex) { // Spring Batch 6 throws where it is documented to return null
			execution = null;
		}
		if (execution == null || !OddsJobConfiguration.JOB_NAME.equals(execution.getJobInstance().getJobName())) {
			throw ApiException.notFound("there is no execution " + id);
		}
		return execution;
	}

	private ExecutionView view(JobExecution execution) {
		return ExecutionView.of(execution, RunSummary.of(execution, repository));
	}

	private static BatchStatus status(String status) {
		try {
			return BatchStatus.valueOf(status.toUpperCase(java.util.Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("unknown status '" + status + "' (known: "
					+ java.util.Arrays.toString(BatchStatus.values()) + ")");
		}
	}

	static URI location(long id) {
		return URI.create("/api/v1/executions/" + id);
	}
}
