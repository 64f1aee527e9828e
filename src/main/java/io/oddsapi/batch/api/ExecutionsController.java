package io.oddsapi.batch.api;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import io.oddsapi.batch.job.OddsJobConfiguration;
import io.oddsapi.batch.job.RunSummary;
import io.oddsapi.batch.launch.LaunchRequest;
import io.oddsapi.batch.lock.BatchLock;
import io.oddsapi.batch.lock.LockKey;
import io.oddsapi.batch.lock.LockState;
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
 * Job executions and Spring Batch's JobOperator verbs on them. Restart goes through the launcher, so that it takes the
 * date's lock like every other launch; recover and abandon are refused while a live holder has the date.
 */
@ServerMode
@RestController
@RequestMapping("/api/v1/executions")
class ExecutionsController {

	private final JobRepository repository;

	private final JobOperator operator;

	private final ExecutionQueries queries;

	private final BatchLaunches launches;

	private final BatchLock lock;

	private final Clock clock;

	ExecutionsController(JobRepository repository, JobOperator operator, ExecutionQueries queries,
			BatchLaunches launches, BatchLock lock, Clock clock) {
		this.repository = repository;
		this.operator = operator;
		this.queries = queries;
		this.launches = launches;
		this.lock = lock;
		this.clock = clock;
	}

	record Page(int page, int size, List<ExecutionView> executions) {
	}

	@GetMapping
	Page list(@RequestParam(required = false) String endpoint, @RequestParam(required = false) String gameDate,
			@RequestParam(required = false) String status, @RequestParam(defaultValue = "0") int page) {
		if (endpoint != null && OddsEndpoint.fromFolder(endpoint).isEmpty()) {
			throw new IllegalArgumentException("unknown endpoint '" + endpoint + "' (known: "
					+ OddsEndpoint.knownFolders() + ")");
		}
		String date = gameDate == null ? null : LaunchRequest.parseDate("gameDate", gameDate).toString();
		BatchStatus batchStatus = status == null ? null : status(status);
		if (page < 0) {
			throw new IllegalArgumentException("page must be 0 or more, was " + page);
		}
		List<ExecutionView> views = queries.newestFirst(endpoint, date, batchStatus, page)
			.stream()
			.map(this::execution)
			.map(this::view)
			.toList();
		return new Page(page, ExecutionQueries.PAGE_SIZE, views);
	}

	@GetMapping("/{id}")
	ExecutionView get(@PathVariable long id) {
		return view(execution(id));
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
		BatchLaunches.Launched launched = launches.launch(request(execution), "api restart of execution " + id, true);
		if (launched.status() != BatchLaunches.Launched.Status.STARTED) {
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
		refuseWhileHeld(execution, "recover");
		return view(operator.recover(execution));
	}

	/** Gives up on a FAILED or STOPPED execution for good; the next launch of its date takes up its objects. */
	@PostMapping("/{id}/abandon")
	ExecutionView abandon(@PathVariable long id) {
		JobExecution execution = execution(id);
		if (execution.getStatus() == BatchStatus.COMPLETED || execution.getStatus() == BatchStatus.ABANDONED) {
			throw ApiException.conflict("execution " + id + " is " + execution.getStatus() + "; only a FAILED or "
					+ "STOPPED execution can be abandoned");
		}
		refuseWhileHeld(execution, "abandon");
		try {
			return view(operator.abandon(execution));
		}
		catch (JobExecutionAlreadyRunningException ex) {
			throw ApiException.conflict("execution " + id + " is " + execution.getStatus()
					+ ": stop it first, or recover it when its process is gone");
		}
	}

	private void refuseWhileHeld(JobExecution execution, String verb) {
		LaunchRequest request = request(execution);
		Optional<LockState> holder = lock.read(LockKey.of(request.endpoint(), request.gameDate()))
			.filter(state -> !state.expiredAt(clock.instant()));
		if (holder.isPresent()) {
			throw ApiException.conflict("cannot " + verb + " execution " + execution.getId() + ": "
					+ request.endpoint() + " " + request.gameDate() + " is held by " + holder.get().describeHolder()
					+ " with a lease until " + holder.get().leaseExpiresAt()
					+ "; a holder that is gone loses it then, and its next launch recovers the run by itself");
		}
	}

	private static LaunchRequest request(JobExecution execution) {
		var parameters = execution.getJobParameters();
		return LaunchRequest.parse(parameters.getString(OddsJobConfiguration.ENDPOINT),
				String.valueOf(parameters.getLocalDate(OddsJobConfiguration.GAME_DATE)));
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
