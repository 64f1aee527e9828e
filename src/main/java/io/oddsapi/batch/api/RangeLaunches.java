package io.oddsapi.batch.api;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import io.oddsapi.batch.run.LaunchOutcome;
import io.oddsapi.batch.run.LaunchRequest;
import io.oddsapi.batch.source.OddsEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Ranges of dates launched as one request: the server queues the dates and launches each
 * as a launch thread frees up (never refusing one for a busy pool), keeping each date's
 * progress. Ranges live in this instance's memory (the last 100): another instance does
 * not know them, and a restart forgets them; their runs are in the job repository like
 * any other.
 */
@ServerMode
@Component
class RangeLaunches implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RangeLaunches.class);

	static final int MAX_DATES = 31;

	private static final int KEPT = 100;

	private final PooledLaunches launches;

	private final ThreadPoolTaskExecutor queue;

	private final AtomicLong ids = new AtomicLong();

	private final Map<Long, Range> ranges = new LinkedHashMap<>();

	RangeLaunches(PooledLaunches launches) {
		this.launches = launches;
		this.queue = new ThreadPoolTaskExecutor();
		// ranges one after another, their dates as launch threads free up
		queue.setCorePoolSize(1);
		queue.setMaxPoolSize(1);
		queue.setQueueCapacity(KEPT);
		queue.setThreadNamePrefix("range-");
		queue.setWaitForTasksToCompleteOnShutdown(false);
		queue.initialize();
	}

	/**
	 * One date of a range: where it is, its execution once known, what its launch said.
	 */
	static final class DateLaunch {

		private final LocalDate gameDate;

		private volatile String state = "queued";

		private volatile Long executionId;

		private volatile String detail = "waiting for a launch thread";

		DateLaunch(LocalDate gameDate) {
			this.gameDate = gameDate;
		}

		View view() {
			return new View(gameDate, state, executionId, detail);
		}

		/**
		 * @param state queued, started, completed, failed, nothing-new or coalesced
		 */
		record View(LocalDate gameDate, String state, Long executionId, String detail) {
		}

	}

	/** A range and its dates, in order. */
	record Range(long id, OddsEndpoint endpoint, List<DateLaunch> dates) {

		boolean done() {
			return dates.stream().map(d -> d.state).noneMatch(s -> s.equals("queued") || s.equals("started"));
		}

	}

	/**
	 * Queues the range; the caller has checked it ({@link #MAX_DATES} at most, in order).
	 */
	Range start(OddsEndpoint endpoint, LocalDate from, LocalDate to, String actor) {
		List<DateLaunch> dates = new ArrayList<>();
		for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
			dates.add(new DateLaunch(date));
		}
		Range range = new Range(ids.incrementAndGet(), endpoint, List.copyOf(dates));
		try {
			queue.execute(() -> launchAll(range, actor));
		}
		catch (TaskRejectedException ex) {
			throw new PooledLaunches.Busy(KEPT + " ranges are waiting already; try again later");
		}
		synchronized (ranges) {
			ranges.put(range.id(), range);
			if (ranges.size() > KEPT) {
				ranges.remove(ranges.keySet().iterator().next());
			}
		}
		return range;
	}

	/** Interrupts the range waiting for a launch thread; runs already launched go on. */
	@Override
	public void destroy() {
		queue.shutdown();
	}

	Optional<Range> range(long id) {
		synchronized (ranges) {
			return Optional.ofNullable(ranges.get(id));
		}
	}

	private void launchAll(Range range, String actor) {
		for (DateLaunch date : range.dates()) {
			try {
				launch(range, date, actor);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				date.state = "failed";
				date.detail = "the server shut down before its launch";
				return;
			}
			catch (RuntimeException ex) {
				log.error("range {}: {} {} could not launch: {}", range.id(), range.endpoint(), date.gameDate,
						ex.getMessage(), ex);
				date.state = "failed";
				date.detail = "could not launch: " + ex.getMessage();
			}
		}
	}

	private void launch(Range range, DateLaunch date, String actor) throws InterruptedException {
		PooledLaunches.Queued queued = launches.launchWhenFree(new LaunchRequest(range.endpoint(), date.gameDate),
				"api range " + range.id() + " by " + actor);
		date.detail = queued.launched().detail();
		if (queued.launched().status() == PooledLaunches.Launched.Status.COALESCED) {
			date.executionId = queued.launched().executionId();
			date.state = "coalesced";
			return;
		}
		date.state = "started";
		queued.started().thenAccept(id -> {
			if (id != null) {
				date.executionId = id;
			}
		});
		queued.outcome().whenComplete((outcome, failure) -> ended(date, outcome, failure));
	}

	private static void ended(DateLaunch date, LaunchOutcome outcome, Throwable failure) {
		if (failure != null || outcome == null) {
			date.state = "failed";
			date.detail = failure == null ? "ended without an outcome" : failure.getMessage();
			return;
		}
		if (!outcome.runs().isEmpty()) {
			date.executionId = outcome.runs().get(outcome.runs().size() - 1).executionId();
		}
		date.detail = outcome.decision();
		date.state = switch (outcome.kind()) {
			case RAN -> "completed";
			case NOTHING_NEW -> "nothing-new";
			case COALESCED -> "coalesced";
			case FAILED -> "failed";
		};
	}

}
