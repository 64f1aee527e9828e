package io.oddsapi.batch.job;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * The job executions running in this process: what a graceful shutdown stops, and what a
 * launch that returns before its run ends (the REST API) waits for to learn the execution
 * id: a restart's at once, a new run's once its list step found work (a run that finds
 * nothing new is dropped, and its launch answers "nothing new").
 */
public class RunningExecutions implements JobExecutionListener {

	/** Each running execution's end. */
	private final Map<Long, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

	private final Map<String, CompletableFuture<Long>> startWatchers = new ConcurrentHashMap<>();

	@Override
	public void beforeJob(JobExecution jobExecution) {
		running.put(jobExecution.getId(), new CompletableFuture<>());
		if (jobExecution.getExecutionContext().containsKey(ListObjectsTasklet.MANIFEST_KEY)) {
			hasWork(jobExecution); // a restart, whose manifest was listed before
		}
	}

	/** The execution has objects to read: a launch watching its date learns its id. */
	void hasWork(JobExecution jobExecution) {
		RunParameters run = RunParameters.of(jobExecution);
		CompletableFuture<Long> watcher = startWatchers.remove(key(run.endpoint().folder(), run.gameDate()));
		if (watcher != null) {
			watcher.complete(jobExecution.getId());
		}
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		CompletableFuture<Void> ended = running.remove(jobExecution.getId());
		if (ended != null) {
			ended.complete(null);
		}
	}

	public Set<Long> ids() {
		return Set.copyOf(running.keySet());
	}

	/**
	 * Waits at most {@code patience} for the executions running now to end; whether they
	 * all did.
	 */
	public boolean awaitEnd(Duration patience) throws InterruptedException {
		try {
			CompletableFuture.allOf(running.values().toArray(CompletableFuture[]::new))
				.get(patience.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex); // never: the ends complete normally
		}
	}

	/**
	 * Completes with the id of the next execution of this endpoint and date that has work
	 * in this process. The caller holds the date's lock, so that is the execution its
	 * launch starts; {@link #stopWatching} completes it with null when the launch ends
	 * without one.
	 */
	public CompletableFuture<Long> watchStart(String endpoint, LocalDate gameDate) {
		return startWatchers.computeIfAbsent(key(endpoint, gameDate), k -> new CompletableFuture<>());
	}

	public void stopWatching(String endpoint, LocalDate gameDate) {
		CompletableFuture<Long> watcher = startWatchers.remove(key(endpoint, gameDate));
		if (watcher != null) {
			watcher.complete(null);
		}
	}

	private static String key(String endpoint, LocalDate gameDate) {
		return endpoint + "/" + gameDate;
	}

}
