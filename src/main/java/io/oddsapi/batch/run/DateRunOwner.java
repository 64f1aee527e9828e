package io.oddsapi.batch.run;

import java.time.Clock;
import java.time.LocalDate;
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
import io.oddsapi.batch.job.ShutdownSignal;
import io.oddsapi.batch.lock.Acquisition;
import io.oddsapi.batch.lock.BatchLock;
import io.oddsapi.batch.lock.LockKey;
import io.oddsapi.batch.lock.LockProperties;
import io.oddsapi.batch.lock.LockState;
import io.oddsapi.batch.observe.LogLabels;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.warehouse.WarehouseSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.stereotype.Component;

/**
 * The owner of a date's run: the only user of the date's lock and of JobOperator's start,
 * restart, recover and abandon. Every surface (command line, Cloud Run, REST API,
 * notifications) comes here. A launch takes the date's lock or, when a live holder has
 * it, sets run_again and returns at once (coalesced). Holding the lock it runs the date
 * until nothing is left, as {@link NextRun} decides: recover and restart an execution
 * whose holder is gone, restart a failed or stopped one, otherwise start the next run; a
 * run whose list step finds nothing new is dropped (its job instance deleted, so run
 * numbers count runs that read something). After a run it releases the lock unless
 * run_again was set meanwhile, in which case it goes round again for every endpoint that
 * shares the lock (a launch of the backfill twin coalesces into a live holder and vice
 * versa), so a file that lands during a run is never lost and a finished run never blocks
 * the next scrape.
 * <p>
 * The job never takes the lock: its lock step attaches to the claim under which this
 * owner launches that run ({@link ClaimedRuns}), and an execution started any other way
 * fails there before it lists anything.
 */
@Component
public class DateRunOwner implements RunLock, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(DateRunOwner.class);

	private final JobOperator jobOperator;

	private final BatchLock lock;

	private final LeaseRenewer renewer;

	private final ClaimedRuns claimed = new ClaimedRuns();

	private final RunStarter starter;

	private final LockProperties lockProperties;

	private final WarehouseSchema warehouse;

	private final LaunchHost host;

	private final ShutdownSignal shutdown;

	private final RunMetrics metrics;

	private final Clock clock;

	private final LockJournal journal;

	private final RetryTemplate claimRetries;

	private boolean prepared;

	public DateRunOwner(JobOperator jobOperator, JobRepository jobRepository, Job oddsBatchJob, BatchLock lock,
			LockProperties lockProperties, WarehouseSchema warehouse, LaunchHost host, ShutdownSignal shutdown,
			RunMetrics metrics, Clock clock, LockJournal journal) {
		this.jobOperator = jobOperator;
		this.lock = lock;
		this.renewer = new LeaseRenewer(lock);
		this.starter = new RunStarter(jobOperator, jobRepository, oddsBatchJob, renewer, claimed, lockProperties,
				metrics);
		this.lockProperties = lockProperties;
		this.warehouse = warehouse;
		this.host = host;
		this.shutdown = shutdown;
		this.metrics = metrics;
		this.clock = clock;
		this.journal = journal;
		this.claimRetries = new RetryTemplate(RetryPolicy.builder()
			.maxRetries(NextRun.TRANSIENT_RETRIES)
			.delay(NextRun.FIRST_PAUSE)
			.multiplier(2)
			.predicate(ex -> TransientFailures.isTransient(ex) && !shutdown.requested())
			.build());
	}

	public LaunchOutcome launch(OddsEndpoint endpoint, LocalDate gameDate, String trigger) {
		return launch(endpoint, gameDate, trigger, holder -> false, Map.of());
	}

	/**
	 * @param presumedDead triggers of holders known to be gone although their lease lives
	 * (a retried task's earlier attempt)
	 * @param notes non-identifying job parameters recorded on a new run (where and why it
	 * was launched)
	 */
	public LaunchOutcome launch(OddsEndpoint endpoint, LocalDate gameDate, String trigger,
			Predicate<String> presumedDead, Map<String, String> notes) {
		Claim claim = claim(endpoint, gameDate, trigger, presumedDead);
		if (!claim.held()) {
			return RunsUnderClaim.decided(LaunchOutcome.Kind.COALESCED, List.of(),
					endpoint + " " + gameDate + ": coalesced into " + claim.holder().describeHolder()
							+ ", which will run again for what arrived");
		}
		return run(claim, notes);
	}

	/** Takes the date's lock or coalesces into its live holder; never waits for a run. */
	public Claim claim(OddsEndpoint endpoint, LocalDate gameDate, String trigger) {
		return claim(endpoint, gameDate, trigger, holderTrigger -> false);
	}

	private Claim claim(OddsEndpoint endpoint, LocalDate gameDate, String trigger, Predicate<String> presumedDead) {
		claimRetries.invoke(this::prepareWarehouseOnce);
		LockKey key = LockKey.of(endpoint, gameDate);
		String token = UUID.randomUUID().toString();
		Acquisition acquisition = claimRetries.invoke(() -> lock.acquire(key, token, host.name(), trigger,
				lockProperties.lease(), holder -> holder.trigger() != null && presumedDead.test(holder.trigger())));
		metrics.claimed(endpoint.folder(), acquisition instanceof Acquisition.Acquired acquired
				? (acquired.tookOverFrom() == null ? "acquired" : "took-over") : "coalesced");
		journal.claimed(key, token, trigger, host.name(), acquisition);
		return new Claim(endpoint, gameDate, token, acquisition);
	}

	/**
	 * Releases a held claim that will not run (no thread was free for it); a launch that
	 * coalesced stays pending.
	 */
	public void giveBack(Claim claim) {
		if (claim.held()) {
			lock.releaseAfterFailure(claim.key(), claim.token());
		}
	}

	/**
	 * Runs under a held claim until nothing is left, then releases the lock (see the
	 * class comment).
	 */
	public LaunchOutcome run(Claim claim, Map<String, String> notes) {
		if (!claim.held()) {
			throw new IllegalArgumentException("not holding the lock of " + claim.key());
		}
		try (LogLabels.Scope labels = LogLabels.launch(claim.endpoint().folder(), claim.gameDate())) {
			return new RunsUnderClaim(this, claim, notes).run();
		}
	}

	RunStarter starter() {
		return starter;
	}

	BatchLock lock() {
		return lock;
	}

	boolean shutdownRequested() {
		return shutdown.requested();
	}

	/**
	 * The lock step's side of a launch: the run being launched under a claim attaches to
	 * it.
	 */
	@Override
	public void attach(RunParameters run, long executionId) {
		Claim claim = claimed.attach(run, executionId)
			.orElseThrow(() -> new NotLaunchedUnderLockException(run.endpoint(), run.gameDate(), executionId));
		journal.record(claim.key(), LockJournal.Kind.RAN, claim.token(), executionId, host.name(), null);
		if (!lock.attach(claim.key(), claim.token(), executionId)) {
			log.warn("{}: lock lost before execution {} began; going on, the MERGE keeps the tables exact", claim.key(),
					executionId);
		}
	}

	@Override
	public void ended(JobExecution execution) {
		claimed.ended(execution);
	}

	/**
	 * Marks an execution left STARTED or STOPPING by a process that is gone as FAILED, so
	 * that it can restart.
	 * @throws DateHeldException while a live holder has its date: that holder recovers it
	 * by itself if it is gone
	 */
	public JobExecution recover(JobExecution execution) {
		refuseWhileHeld(execution, "recover");
		return jobOperator.recover(execution);
	}

	/**
	 * Gives up on a FAILED or STOPPED execution for good; the next launch of its date
	 * takes up its objects.
	 * @throws DateHeldException while a live holder has its date
	 */
	public JobExecution abandon(JobExecution execution) throws JobExecutionAlreadyRunningException {
		refuseWhileHeld(execution, "abandon");
		return jobOperator.abandon(execution);
	}

	private void refuseWhileHeld(JobExecution execution, String verb) {
		RunParameters run = RunParameters.of(execution);
		Optional<LockState> holder = lock.read(LockKey.of(run.endpoint(), run.gameDate()))
			.filter(state -> !state.expiredAt(clock.instant()));
		if (holder.isPresent()) {
			throw new DateHeldException("cannot " + verb + " execution " + execution.getId() + ": " + run.endpoint()
					+ " " + run.gameDate() + " is held by " + holder.get().describeHolder() + " with a lease until "
					+ holder.get().leaseExpiresAt()
					+ "; a holder that is gone loses it then, and its next launch recovers the run by itself");
		}
	}

	/**
	 * Every date lock stored now (live or expired, not yet released), for people
	 * watching.
	 */
	public List<LockState> locks() {
		return lock.held();
	}

	@Override
	public void destroy() {
		renewer.close();
	}

	/**
	 * Creates missing tables once per process; concurrent launches wait for the first to
	 * finish it.
	 */
	public synchronized void prepareWarehouseOnce() {
		if (!prepared) {
			warehouse.prepare();
			prepared = true;
		}
	}

}
