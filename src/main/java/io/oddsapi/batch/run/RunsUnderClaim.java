package io.oddsapi.batch.run;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.oddsapi.batch.jdbc.TransientFailures;
import io.oddsapi.batch.job.RunSummary;
import io.oddsapi.batch.lock.Acquisition;
import io.oddsapi.batch.lock.BatchLock;
import io.oddsapi.batch.source.OddsEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * One launch's runs under a held claim: endpoint after endpoint as {@link NextRun}
 * decides, each attempt tried again through a {@link RetryTemplate} on
 * {@link NextRun.Retries}, until nothing is left; then the lock is released.
 */
final class RunsUnderClaim {

	private static final Logger log = LoggerFactory.getLogger(DateRunOwner.class);

	private final DateRunOwner owner;

	private final Claim claim;

	private final Map<String, String> notes;

	private final List<RunSummary> summaries = new ArrayList<>();

	private final NextRun.Retries retries = new NextRun.Retries();

	RunsUnderClaim(DateRunOwner owner, Claim claim, Map<String, String> notes) {
		this.owner = owner;
		this.claim = claim;
		this.notes = notes;
	}

	LaunchOutcome run() {
		Acquisition.Acquired acquired = (Acquisition.Acquired) claim.acquisition();
		if (acquired.tookOverFrom() == null) {
			// the runs say what they do with it
			log.debug("{} {}: lock acquired", claim.endpoint(), claim.gameDate());
		}
		else {
			log.info("{} {}: took over an expired lease from {}", claim.endpoint(), claim.gameDate(),
					acquired.tookOverFrom().describeHolder());
		}
		// a lock that a failed holder left pending (run_again) may be pending for either
		// endpoint of the family
		boolean leftPending = acquired.tookOverFrom() != null && acquired.tookOverFrom().runAgain();
		Deque<OddsEndpoint> pending = new ArrayDeque<>(
				leftPending ? claim.endpoint().withItsFamily() : List.of(claim.endpoint()));
		try {
			while (!pending.isEmpty()) {
				OddsEndpoint current = pending.peek();
				switch (NextRun.after(attempt(current), pending.size() > 1)) {
					case GIVE_UP -> {
						return gaveUp(current);
					}
					case SAME_ENDPOINT_AGAIN ->
						log.debug("{} {}: restarted run done; newer objects next", current, claim.gameDate());
					case NEXT_ENDPOINT -> pending.poll();
					case RELEASE -> {
						pending.poll();
						releaseOrRunAgain(pending);
					}
				}
			}
		}
		catch (RuntimeException ex) {
			releaseAfterFailure(ex);
			throw ex;
		}
		String date = claim.endpoint() + " " + claim.gameDate();
		return summaries.isEmpty() ? decided(LaunchOutcome.Kind.NOTHING_NEW, summaries, date + ": nothing new")
				: decided(LaunchOutcome.Kind.RAN, summaries,
						date + ": " + summaries.size() + (summaries.size() == 1 ? " run" : " runs"));
	}

	/** One run of the endpoint, tried again while {@link NextRun.Retries} allows. */
	private NextRun.Ended attempt(OddsEndpoint endpoint) {
		try {
			return new RetryTemplate(new UnderLock(endpoint)).execute(() -> {
				Optional<EndedRun> run = owner.starter().runOnce(claim, endpoint, notes);
				if (run.isEmpty()) {
					return NextRun.Ended.NOTHING_NEW;
				}
				summaries.add(run.get().summary());
				if (!run.get().summary().completed()) {
					throw new RunFailed(run.get().summary());
				}
				return run.get().restarted() ? NextRun.Ended.RESTART_COMPLETED : NextRun.Ended.COMPLETED;
			});
		}
		catch (RetryException ex) {
			Throwable last = ex.getLastException();
			if (last instanceof RunFailed) {
				return NextRun.Ended.FAILED;
			}
			if (last instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (last instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(last);
		}
	}

	private LaunchOutcome gaveUp(OddsEndpoint endpoint) {
		RunSummary failed = summaries.get(summaries.size() - 1);
		boolean kept = owner.lock().releaseAfterFailure(claim.key(), claim.token());
		return decided(LaunchOutcome.Kind.FAILED, summaries,
				endpoint + " " + claim.gameDate() + ": run " + failed.run() + " failed; relaunch to restart it"
						+ (kept ? "; a launch that coalesced into it is " + "kept pending: the next launch of "
								+ claim.gameDate() + " runs for it" : ""));
	}

	private void releaseOrRunAgain(Deque<OddsEndpoint> pending) {
		if (owner.lock().release(claim.key(), claim.token()) == BatchLock.Release.RUN_AGAIN) {
			log.info("{} {}: running again for what arrived during the run", claim.endpoint(), claim.gameDate());
			pending.addAll(claim.endpoint().withItsFamily());
		}
	}

	private void releaseAfterFailure(RuntimeException failure) {
		try {
			if (owner.lock().releaseAfterFailure(claim.key(), claim.token())) {
				log.warn("{} {}: a launch that coalesced into this one is kept pending: the next launch of the date "
						+ "runs for it", claim.endpoint(), claim.gameDate());
			}
		}
		catch (RuntimeException releaseFailed) {
			// the database is gone: the lease runs out by itself
			failure.addSuppressed(releaseFailed);
		}
	}

	static LaunchOutcome decided(LaunchOutcome.Kind kind, List<RunSummary> summaries, String decision) {
		log.info("{}", decision);
		return new LaunchOutcome(kind, List.copyOf(summaries), decision);
	}

	/** A run that ended unsuccessfully, as a failure the retry policy weighs. */
	private static final class RunFailed extends RuntimeException {

		private final transient RunSummary summary;

		RunFailed(RunSummary summary) {
			super("run " + summary.run() + " ended " + summary.status(), null, false, false);
			this.summary = summary;
		}

	}

	/**
	 * {@link NextRun.Retries} as Spring's retry policy, with the pause it chose as the
	 * back-off.
	 */
	private final class UnderLock implements RetryPolicy, BackOff {

		private final OddsEndpoint endpoint;

		private Duration pause = Duration.ZERO;

		UnderLock(OddsEndpoint endpoint) {
			this.endpoint = endpoint;
		}

		@Override
		public boolean shouldRetry(Throwable failure) {
			NextRun.Failure facts = failure instanceof RunFailed run
					? NextRun.Failure.run(run.summary.transientFailure(), run.summary.status())
					: NextRun.Failure.launching(TransientFailures.isTransient(failure));
			Optional<NextRun.Retry> retry = retries.next(facts, owner.shutdownRequested(), this::launchWaiting);
			retry.ifPresent(chosen -> {
				pause = chosen.pause();
				logRetry(failure, chosen);
			});
			return retry.isPresent();
		}

		private boolean launchWaiting() {
			return owner.lock()
				.read(claim.key())
				.filter(state -> claim.token().equals(state.token()) && state.runAgain())
				.isPresent();
		}

		private void logRetry(Throwable failure, NextRun.Retry retry) {
			LocalDate date = claim.gameDate();
			if (!(failure instanceof RunFailed run)) {
				log.warn("{} {}: launching failed on {}; trying again", endpoint, date, failure.getMessage());
			}
			else if (retry.reason() == NextRun.RetryReason.TRANSIENT) {
				log.warn("{} {}: run {} failed on {}; restarting it", endpoint, date, run.summary.run(),
						run.summary.error());
			}
			else {
				log.warn("{} {}: run {} failed on {} while a launch waits for it; restarting it ({} of {})", endpoint,
						date, run.summary.run(), run.summary.error(), retry.attempt(), NextRun.WAITING_LAUNCH_RETRIES);
			}
		}

		@Override
		public BackOff getBackOff() {
			return this;
		}

		@Override
		public BackOffExecution start() {
			return () -> pause.toMillis();
		}

	}

}
