package io.oddsapi.batch.run;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import io.oddsapi.batch.jdbc.TransientFailures;
import io.oddsapi.batch.job.LaunchHost;
import io.oddsapi.batch.job.NotLaunchedUnderLockException;
import io.oddsapi.batch.job.RunLock;
import io.oddsapi.batch.job.RunParameters;
import io.oddsapi.batch.job.RunSummary;
import io.oddsapi.batch.job.ShutdownSignal;
import io.oddsapi.batch.lock.Acquisition;
import io.oddsapi.batch.lock.BatchLock;
import io.oddsapi.batch.lock.LockKey;
import io.oddsapi.batch.lock.LockProperties;
import io.oddsapi.batch.lock.LockState;
import io.oddsapi.batch.observe.LogLabels;
import io.oddsapi.batch.run.RunMetrics;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.warehouse.Warehouse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The owner of a date's run: the only user of the date's lock and of JobOperator's start, restart, recover and
 * abandon. Every surface (command line, Cloud Run, REST API, notifications) comes here. A launch takes the date's lock
 * or, when a live holder has it, sets run_again and returns at once (coalesced). Holding the lock it applies the
 * relaunch rules, run after run until nothing is left:
 * <ul>
 * <li>the latest execution is STARTED (its holder died: we could only take the lock because its lease expired or it
 * is gone): recover it (mark it FAILED) and restart it;</li>
 * <li>the latest execution FAILED or STOPPED: restart it;</li>
 * <li>otherwise start the next run; when its list step finds nothing new, the run is dropped (its job instance
 * deleted, so run numbers count runs that read something) and the launch stops.</li>
 * </ul>
 * After a run it releases the lock unless run_again was set meanwhile, in which case it goes round again, for every
 * endpoint that shares the lock (a launch of the backfill twin coalesces into a live holder and vice versa), so a file
 * that lands during a run is never lost and a finished run never blocks the next scrape. A run that failed on a lost
 * database connection is restarted at once (a few times) before the launch gives up.
 * <p>
 * The job never takes the lock: its lock step attaches to the claim under which this owner started it on the same
 * thread ({@link #attach}), and an execution started any other way fails there before it lists anything.
 */
@Component
public class DateRunOwner implements RunLock, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(DateRunOwner.class);

	/** Restarts within one launch of a run that failed on a lost connection or the like, after 0.5, 1, 2, 4 s. */
	static final int TRANSIENT_RETRIES = 4;

	/** Restarts of a failed run that another launch coalesced into, before that launch is left pending. */
	static final int WAITING_LAUNCH_RETRIES = 2;

	private static final long FIRST_BACKOFF_MILLIS = 500;

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job job;

	private final RunNumbers runs;

	private final BatchLock lock;

	private final LeaseRenewer renewer;

	/** The claim under which this thread is starting or restarting an execution, for its lock step. */
	private final ThreadLocal<Claim> launching = new ThreadLocal<>();

	private final LockProperties lockProperties;

	private final Warehouse warehouse;

	private final LaunchHost host;

	private final ShutdownSignal shutdown;

	private final RunMetrics metrics;

	private final Clock clock;

	private final LockJournal journal;

	private boolean prepared;

	public DateRunOwner(JobOperator jobOperator, JobRepository jobRepository, Job oddsBatchJob, BatchLock lock,
			LockProperties lockProperties, Warehouse warehouse, LaunchHost host,
			ShutdownSignal shutdown, RunMetrics metrics, Clock clock, LockJournal journal) {
		this.clock = clock;
		this.journal = journal;
		this.shutdown = shutdown;
		this.metrics = metrics;
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.job = oddsBatchJob;
		this.runs = new RunNumbers(jobRepository);
		this.lock = lock;
		this.renewer = new LeaseRenewer(lock);
		this.lockProperties = lockProperties;
		this.warehouse = warehouse;
		this.host = host;
	}

	public LaunchOutcome launch(OddsEndpoint endpoint, LocalDate gameDate, String trigger) {
		return launch(endpoint, gameDate, trigger, holder -> false, Map.of());
	}

	/**
	 * @param presumedDead triggers of holders known to be gone although their lease lives (a retried task's earlier
	 * attempt)
	 * @param notes non-identifying job parameters recorded on a new run (where and why it was launched)
	 */
	public LaunchOutcome launch(OddsEndpoint endpoint, LocalDate gameDate, String trigger,
			Predicate<String> presumedDead, Map<String, String> notes) {
		Claim claim = claim(endpoint, gameDate, trigger, presumedDead);
		if (!claim.held()) {
			return decided(LaunchOutcome.Kind.COALESCED, List.of(), endpoint + " " + gameDate + ": coalesced into "
					+ claim.holder().describeHolder() + ", which will run again for what arrived");
		}
		return run(claim, notes);
	}

	/**
	 * The date's lock, or the live holder it coalesced into (run_again set). A held claim must be passed to
	 * {@link #run} at once (its lease is not renewed until then) or given back with {@link #giveBack}.
	 */
	public record Claim(OddsEndpoint endpoint, LocalDate gameDate, String token, Acquisition acquisition) {

		public boolean held() {
			return acquisition instanceof Acquisition.Acquired;
		}

		/** The holder a coalesced claim joined. */
		public LockState holder() {
			return ((Acquisition.Coalesced) acquisition).holder();
		}

		LockKey key() {
			return LockKey.of(endpoint, gameDate);
		}
	}

	/** Takes the date's lock or coalesces into its live holder; never waits for a run. */
	public Claim claim(OddsEndpoint endpoint, LocalDate gameDate, String trigger) {
		return claim(endpoint, gameDate, trigger, holderTrigger -> false);
	}

	private Claim claim(OddsEndpoint endpoint, LocalDate gameDate, String trigger, Predicate<String> presumedDead) {
		LockKey key = LockKey.of(endpoint, gameDate);
		String token = UUID.randomUUID().toString();
		for (int attempt = 1;; attempt++) {
			try {
				prepareWarehouseOnce();
				Acquisition acquisition = lock.acquire(key, token, host.name(), trigger, lockProperties.lease(),
						holder -> holder.trigger() != null && presumedDead.test(holder.trigger()));
				metrics.claimed(endpoint.folder(), acquisition instanceof Acquisition.Acquired acquired
						? (acquired.tookOverFrom() == null ? "acquired" : "took-over") : "coalesced");
				journal(key, token, trigger, acquisition);
				return new Claim(endpoint, gameDate, token, acquisition);
			}
			catch (RuntimeException ex) {
				if (!TransientFailures.isTransient(ex) || shutdown.requested() || attempt > TRANSIENT_RETRIES) {
					throw ex;
				}
				log.warn("{} {}: taking the lock failed on {}; trying again", endpoint, gameDate, ex.getMessage());
				backOff(attempt);
			}
		}
	}

	private void journal(LockKey key, String token, String trigger, Acquisition acquisition) {
		if (acquisition instanceof Acquisition.Acquired acquired) {
			LockState from = acquired.tookOverFrom();
			journal.record(key, from == null ? LockJournal.Kind.ACQUIRED : LockJournal.Kind.TOOK_OVER, token, null,
					host.name(), "trigger " + trigger + (from == null ? ""
							: "; took over from " + from.describeHolder() + ", whose lease ended " + from.leaseExpiresAt()));
		}
		else if (acquisition instanceof Acquisition.Coalesced coalesced) {
			journal.record(key, LockJournal.Kind.COALESCED, coalesced.holder().token(),
					coalesced.holder().executionId(), host.name(), "trigger " + trigger + " coalesced into "
							+ coalesced.holder().describeHolder() + ", which runs again");
		}
	}

	/** Releases a held claim that will not run (no thread was free for it); a launch that coalesced stays pending. */
	public void giveBack(Claim claim) {
		if (claim.held()) {
			lock.releaseAfterFailure(claim.key(), claim.token());
		}
	}

	/** Runs under a held claim until nothing is left, then releases the lock (see the class comment). */
	public LaunchOutcome run(Claim claim, Map<String, String> notes) {
		if (!claim.held()) {
			throw new IllegalArgumentException("not holding the lock of " + claim.key());
		}
		try (LogLabels.Scope labels = LogLabels.launch(claim.endpoint().folder(), claim.gameDate())) {
			return runHolding(claim, notes);
		}
	}

	private LaunchOutcome runHolding(Claim claim, Map<String, String> notes) {
		OddsEndpoint endpoint = claim.endpoint();
		LocalDate gameDate = claim.gameDate();
		LockKey key = claim.key();
		String token = claim.token();
		Acquisition.Acquired acquired = (Acquisition.Acquired) claim.acquisition();
		if (acquired.tookOverFrom() == null) {
			log.debug("{} {}: lock acquired", endpoint, gameDate); // the run's own lines say what it does with it
		}
		else {
			log.info("{} {}: took over an expired lease from {}", endpoint, gameDate,
					acquired.tookOverFrom().describeHolder());
		}
		List<RunSummary> summaries = new ArrayList<>();
		int transientRetries = 0;
		int retriesForWaitingLaunch = 0;
		// endpoints still to run under this lock: the claimed one, and after a run_again every endpoint of the family,
		// since a launch of the backfill twin may be the one that coalesced into this holder; so too when this launch
		// takes over a lock that a failed holder left pending
		Deque<OddsEndpoint> pending = new ArrayDeque<>(
				acquired.tookOverFrom() != null && acquired.tookOverFrom().runAgain() ? familyOf(endpoint)
						: List.of(endpoint));
		try {
			while (true) {
				OddsEndpoint current = pending.peek();
				AutoCloseable renewal = renewer.renew(key, token, lockProperties.lease());
				Optional<Run> run;
				launching.set(claim);
				try {
					run = runOnce(current, gameDate, notes);
				}
				catch (RuntimeException ex) {
					if (!TransientFailures.isTransient(ex) || shutdown.requested()
							|| transientRetries++ >= TRANSIENT_RETRIES) {
						throw ex;
					}
					log.warn("{} {}: launching failed on {}; trying again", current, gameDate, ex.getMessage());
					backOff(transientRetries);
					continue;
				}
				finally {
					launching.remove();
					stopRenewal(key, renewal);
				}
				run.map(Run::summary).ifPresent(summaries::add);
				if (run.isPresent() && !run.get().summary().completed()) {
					RunSummary failed = run.get().summary();
					if (failed.transientFailure() && !shutdown.requested() && transientRetries++ < TRANSIENT_RETRIES) {
						log.warn("{} {}: run {} failed on {}; restarting it", current, gameDate, failed.run(),
								failed.error());
						backOff(transientRetries);
						continue;
					}
					// a launch that coalesced into this failed run waits for it: try again a few times before leaving it
					// (a run stopped on purpose stays stopped)
					if (failed.status() == BatchStatus.FAILED && !shutdown.requested()
							&& lock.read(key).filter(state -> token.equals(state.token()) && state.runAgain()).isPresent()
							&& retriesForWaitingLaunch++ < WAITING_LAUNCH_RETRIES) {
						log.warn("{} {}: run {} failed on {} while a launch waits for it; restarting it ({} of {})",
								current, gameDate, failed.run(), failed.error(), retriesForWaitingLaunch,
								WAITING_LAUNCH_RETRIES);
						backOff(retriesForWaitingLaunch);
						continue;
					}
					boolean kept = lock.releaseAfterFailure(key, token);
					return decided(LaunchOutcome.Kind.FAILED, summaries,
							current + " " + gameDate + ": run " + failed.run() + " failed; relaunch to restart it"
									+ (kept ? "; a launch that coalesced into it is kept pending: the next launch of "
											+ gameDate + " runs for it" : ""));
				}
				if (run.isPresent() && run.get().restarted()) {
					continue; // a restarted run published what its manifest held; newer objects need a run of their own
				}
				pending.poll();
				if (!pending.isEmpty()) {
					continue;
				}
				if (lock.release(key, token) != BatchLock.Release.RUN_AGAIN) {
					break;
				}
				log.info("{} {}: running again for what arrived during the run", endpoint, gameDate);
				pending.addAll(familyOf(endpoint));
			}
		}
		catch (RuntimeException ex) {
			try {
				if (lock.releaseAfterFailure(key, token)) {
					log.warn("{} {}: a launch that coalesced into this one is kept pending: the next launch of the "
							+ "date runs for it", endpoint, gameDate);
				}
			}
			catch (RuntimeException releaseFailed) { // the database is gone: the lease runs out by itself
				ex.addSuppressed(releaseFailed);
			}
			throw ex;
		}
		if (summaries.isEmpty()) {
			return decided(LaunchOutcome.Kind.NOTHING_NEW, summaries, endpoint + " " + gameDate + ": nothing new");
		}
		return decided(LaunchOutcome.Kind.RAN, summaries,
				endpoint + " " + gameDate + ": " + summaries.size() + (summaries.size() == 1 ? " run" : " runs"));
	}

	private record Run(RunSummary summary, boolean restarted) {
	}

	/** The endpoint first, then the others that share its tables and lock (the live scrape and its backfill). */
	static List<OddsEndpoint> familyOf(OddsEndpoint endpoint) {
		List<OddsEndpoint> family = new ArrayList<>(List.of(endpoint));
		Arrays.stream(OddsEndpoint.values())
			.filter(other -> other != endpoint && other.family() == endpoint.family())
			.forEach(family::add);
		return family;
	}

	/** One step of the relaunch rules, under the lock. */
	private Optional<Run> runOnce(OddsEndpoint endpoint, LocalDate gameDate, Map<String, String> notes) {
		long latest = runs.latest(endpoint, gameDate);
		JobExecution last = latest == 0 ? null
				: jobRepository.getLastJobExecution(runs.instance(endpoint, gameDate, latest));
		try {
			if (last != null && last.isRunning()) {
				// we hold the lock, so the holder of this execution is dead (or lost its lease and is no longer its owner)
				log.info("{} {}: recovered execution {}, left {} by a holder that is gone", endpoint, gameDate,
						last.getId(), last.getStatus());
				last = jobOperator.recover(last);
			}
			if (last != null && (last.getStatus() == BatchStatus.FAILED || last.getStatus() == BatchStatus.STOPPED)) {
				log.info("{} {}: restarting run {} (execution {} ended {})", endpoint, gameDate, latest, last.getId(),
						last.getStatus());
				return Optional.of(new Run(ended(jobOperator.restart(last)), true));
			}
			JobParametersBuilder parameters = new JobParametersBuilder(
					new RunParameters(endpoint, gameDate, latest + 1).toJobParameters());
			notes.forEach((name, value) -> parameters.addString(name, value, false));
			JobExecution started = jobOperator.start(job, parameters.toJobParameters());
			RunSummary summary = RunSummary.of(started, jobRepository);
			if (summary.completed() && summary.objects() == 0) {
				// its list step found nothing new: the run is dropped, so that run numbers stay those of real runs
				jobRepository.deleteJobInstance(started.getJobInstance());
				return Optional.empty();
			}
			metrics.runEnded(started, summary);
			return Optional.of(new Run(summary, false));
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(endpoint + " " + gameDate + ": cannot launch: " + ex.getMessage(), ex);
		}
	}

	private RunSummary ended(JobExecution execution) {
		RunSummary summary = RunSummary.of(execution, jobRepository);
		metrics.runEnded(execution, summary);
		return summary;
	}

	/** Gives a lost database a moment to come back (a shared H2 file reopened, a failover). */
	private static void backOff(int retry) {
		try {
			Thread.sleep(FIRST_BACKOFF_MILLIS << (retry - 1));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting to retry", ex);
		}
	}

	private static void stopRenewal(LockKey key, AutoCloseable renewal) {
		try {
			renewal.close();
		}
		catch (Exception ex) {
			log.debug("stopping renewal of {}: {}", key, ex.getMessage());
		}
	}

	/** The lock step's side of a launch: the execution this thread started runs under the claim it holds. */
	@Override
	public void attach(OddsEndpoint endpoint, LocalDate gameDate, long executionId) {
		Claim claim = launching.get();
		LockKey key = LockKey.of(endpoint, gameDate);
		if (claim == null || !claim.key().equals(key)) {
			throw new NotLaunchedUnderLockException(endpoint, gameDate, executionId);
		}
		journal.record(key, LockJournal.Kind.RAN, claim.token(), executionId, host.name(), null);
		if (!lock.attach(key, claim.token(), executionId)) {
			log.warn("{}: lock lost before execution {} began; going on, the MERGE keeps the tables exact", key,
					executionId);
		}
	}

	/**
	 * Marks an execution left STARTED or STOPPING by a process that is gone as FAILED, so that it can restart.
	 * @throws DateHeldException while a live holder has its date: that holder recovers it by itself if it is gone
	 */
	public JobExecution recover(JobExecution execution) {
		refuseWhileHeld(execution, "recover");
		return jobOperator.recover(execution);
	}

	/**
	 * Gives up on a FAILED or STOPPED execution for good; the next launch of its date takes up its objects.
	 * @throws DateHeldException while a live holder has its date
	 */
	public JobExecution abandon(JobExecution execution) throws JobExecutionAlreadyRunningException {
		refuseWhileHeld(execution, "abandon");
		return jobOperator.abandon(execution);
	}

	private void refuseWhileHeld(JobExecution execution, String verb) {
		RunParameters run = RunParameters.of(execution);
		OddsEndpoint endpoint = run.endpoint();
		LocalDate gameDate = run.gameDate();
		Optional<LockState> holder = lock.read(LockKey.of(endpoint, gameDate))
			.filter(state -> !state.expiredAt(clock.instant()));
		if (holder.isPresent()) {
			throw new DateHeldException("cannot " + verb + " execution " + execution.getId() + ": " + endpoint + " "
					+ gameDate + " is held by " + holder.get().describeHolder() + " with a lease until "
					+ holder.get().leaseExpiresAt()
					+ "; a holder that is gone loses it then, and its next launch recovers the run by itself");
		}
	}

	/** Every date lock stored now (live or expired, not yet released), for people watching. */
	public List<LockState> locks() {
		return lock.held();
	}

	@Override
	public void destroy() {
		renewer.close();
	}

	/** Creates missing tables once per process; concurrent launches wait for the first to finish it. */
	public synchronized void prepareWarehouseOnce() {
		if (!prepared) {
			warehouse.prepare();
			prepared = true;
		}
	}

	private static LaunchOutcome decided(LaunchOutcome.Kind kind, List<RunSummary> summaries, String decision) {
		log.info("{}", decision);
		return new LaunchOutcome(kind, List.copyOf(summaries), decision);
	}
}
