package io.oddsapi.batch.api;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
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
 * that finds every thread busy is refused before it claims the date, so a flood of
 * notifications never queues more work than there are threads (nor more connections); a
 * range's launches wait for a free thread instead.
 */
@ServerMode
@Component
public class PooledLaunches {

	private static final Logger log = LoggerFactory.getLogger(PooledLaunches.class);

	private final DateRunOwner owner;

	private final RunningExecutions running;

	private final ThreadPoolTaskExecutor runs;

	private final ApiProperties properties;

	/**
	 * A launch thread's run in flight: taken before the date is claimed, given back when
	 * its run ends, so the pool (whose queue holds as many) never refuses a submitted
	 * run.
	 */
	private final Semaphore slots;

	public PooledLaunches(DateRunOwner owner, RunningExecutions running, ThreadPoolTaskExecutor launchExecutor,
			ApiProperties properties) {
		this.owner = owner;
		this.running = running;
		this.runs = launchExecutor;
		this.properties = properties;
		this.slots = new Semaphore(properties.launchThreads());
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
		if (!slots.tryAcquire()) {
			throw new Busy("all " + properties.launchThreads() + " launch threads are busy; try again shortly");
		}
		Queued queued = claimAndSubmit(request, trigger);
		if (!waitForStart || queued.launched().status() == Launched.Status.COALESCED) {
			return queued.launched();
		}
		Long executionId = await(queued.started());
		if (executionId != null) {
			return new Launched(Launched.Status.STARTED, executionId,
					request.endpoint() + " " + request.gameDate() + ": execution " + executionId + " started");
		}
		LaunchOutcome done = queued.outcome().getNow(null);
		if (done != null && done.kind() == LaunchOutcome.Kind.NOTHING_NEW) {
			return new Launched(Launched.Status.NOTHING_NEW, null, done.decision());
		}
		return new Launched(Launched.Status.STARTED, null, request.endpoint() + " " + request.gameDate()
				+ ": launched; its execution had not started after " + properties.startWait().toMillis() + " ms");
	}

	private static Launched coalesced(LaunchRequest request, Claim claim) {
		return new Launched(Launched.Status.COALESCED, claim.holder().executionId(),
				request.endpoint() + " " + request.gameDate() + " is being processed by "
						+ claim.holder().describeHolder() + ", which runs again for what arrived");
	}

	/**
	 * A launch that waits for a free launch thread instead of being refused (a range's
	 * dates, one after another): answers what the launch did, when its execution starts,
	 * and how its runs end.
	 */
	Queued launchWhenFree(LaunchRequest request, String trigger) throws InterruptedException {
		slots.acquire();
		return claimAndSubmit(request, trigger);
	}

	/**
	 * Claims the date under the launch slot the caller took, and submits its runs; the
	 * slot is given back at once when there is no run to submit.
	 */
	private Queued claimAndSubmit(LaunchRequest request, String trigger) {
		Claim claim;
		try {
			claim = owner.claim(request.endpoint(), request.gameDate(), trigger);
		}
		catch (RuntimeException ex) {
			slots.release();
			throw ex;
		}
		if (!claim.held()) {
			slots.release();
			return new Queued(coalesced(request, claim),
					CompletableFuture.completedFuture(claim.holder().executionId()),
					CompletableFuture.completedFuture(null));
		}
		CompletableFuture<Long> started = running.watchStart(request.endpoint().folder(), request.gameDate());
		CompletableFuture<LaunchOutcome> outcome = submit(claim, request, trigger);
		return new Queued(new Launched(Launched.Status.STARTED, null,
				request.endpoint() + " " + request.gameDate() + ": launched"), started, outcome);
	}

	/**
	 * @param started the execution id once it starts (its holder's when coalesced)
	 * @param outcome how the launch's runs ended (null when coalesced)
	 */
	record Queued(Launched launched, CompletableFuture<Long> started, CompletableFuture<LaunchOutcome> outcome) {
	}

	/**
	 * Runs the claim on a launch thread, whose slot the caller holds and the run gives
	 * back when it ends.
	 */
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
					slots.release();
				}
			});
			return outcome;
		}
		catch (TaskRejectedException ex) {
			running.stopWatching(endpoint, request.gameDate());
			owner.giveBack(claim);
			slots.release();
			throw new Busy("the launch threads are shutting down; try again shortly");
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
