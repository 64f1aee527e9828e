package io.oddsapi.batch.api;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.oddsapi.batch.job.RunningExecutions;
import io.oddsapi.batch.run.Claim;
import io.oddsapi.batch.run.DateRunOwner;
import io.oddsapi.batch.run.LaunchOutcome;
import io.oddsapi.batch.run.LaunchRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Launches for the REST API: the date's lock is taken (or coalesced into its holder) on
 * the caller's thread, which takes milliseconds; the runs go to a bounded pool. A launch
 * that finds every thread busy gives the lock back and is refused, so a flood of
 * notifications never queues more work than there are threads (nor more connections).
 */
@ServerMode
@Component
public class PooledLaunches {

	private static final Logger log = LoggerFactory.getLogger(PooledLaunches.class);

	private final DateRunOwner owner;

	private final RunningExecutions running;

	private final ThreadPoolTaskExecutor runs;

	private final ApiProperties properties;

	public PooledLaunches(DateRunOwner owner, RunningExecutions running, ThreadPoolTaskExecutor launchExecutor,
			ApiProperties properties) {
		this.owner = owner;
		this.running = running;
		this.runs = launchExecutor;
		this.properties = properties;
	}

	/** What a launch did by the time it answers. */
	public record Launched(Status status, Long executionId, String detail) {

		public enum Status {

			/** A run started (executionId) or is starting (null after the start wait). */
			STARTED,
			/**
			 * The date is being processed by its lock holder (executionId, when it has
			 * one), which runs again.
			 */
			COALESCED,
			/** Nothing new since the last run: no run was needed. */
			NOTHING_NEW

		}
	}

	/** No thread is free for another run; the caller should try again later. */
	public static class Busy extends RuntimeException {

		Busy(String message) {
			super(message);
		}

	}

	/**
	 * Claims the date and submits its runs. With {@code waitForStart} it waits (at most
	 * {@code odds.api.start-wait}) for the execution id; notifications do not wait.
	 */
	public Launched launch(LaunchRequest request, String trigger, boolean waitForStart) {
		Claim claim = owner.claim(request.endpoint(), request.gameDate(), trigger);
		if (!claim.held()) {
			return new Launched(Launched.Status.COALESCED, claim.holder().executionId(),
					request.endpoint() + " " + request.gameDate() + " is being processed by "
							+ claim.holder().describeHolder() + ", which runs again for what arrived");
		}
		CompletableFuture<Long> started = running.watchStart(request.endpoint().folder(), request.gameDate());
		CompletableFuture<LaunchOutcome> outcome = submit(claim, request, trigger);
		if (!waitForStart) {
			return new Launched(Launched.Status.STARTED, null,
					request.endpoint() + " " + request.gameDate() + ": launched");
		}
		Long executionId = await(started);
		if (executionId != null) {
			return new Launched(Launched.Status.STARTED, executionId,
					request.endpoint() + " " + request.gameDate() + ": execution " + executionId + " started");
		}
		LaunchOutcome done = outcome.getNow(null);
		if (done != null && done.kind() == LaunchOutcome.Kind.NOTHING_NEW) {
			return new Launched(Launched.Status.NOTHING_NEW, null, done.decision());
		}
		return new Launched(Launched.Status.STARTED, null, request.endpoint() + " " + request.gameDate()
				+ ": launched; its execution had not started after " + properties.startWait().toMillis() + " ms");
	}

	/** Runs the claim on a launch thread; gives the claim back when no thread is free. */
	private CompletableFuture<LaunchOutcome> submit(Claim claim, LaunchRequest request, String trigger) {
		String endpoint = request.endpoint().folder();
		CompletableFuture<LaunchOutcome> outcome = new CompletableFuture<>();
		try {
			runs.execute(() -> {
				try {
					outcome.complete(owner.run(claim, Map.of("trigger", trigger)));
				}
				catch (RuntimeException ex) {
					log.error("{} {}: launch failed: {}", endpoint, request.gameDate(), ex.getMessage(), ex);
					outcome.completeExceptionally(ex);
				}
				finally {
					running.stopWatching(endpoint, request.gameDate());
				}
			});
			return outcome;
		}
		catch (TaskRejectedException ex) {
			running.stopWatching(endpoint, request.gameDate());
			owner.giveBack(claim);
			throw new Busy("all " + properties.launchThreads() + " launch threads are busy; try again shortly");
		}
	}

	private Long await(CompletableFuture<Long> started) {
		try {
			return started.get(properties.startWait().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

}
