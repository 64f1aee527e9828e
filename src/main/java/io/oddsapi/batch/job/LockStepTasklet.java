package io.oddsapi.batch.job;

import java.time.Duration;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.oddsapi.batch.lock.Acquisition;
import io.oddsapi.batch.lock.BatchLock;
import io.oddsapi.batch.lock.HeldLocks;
import io.oddsapi.batch.lock.LeaseRenewer;
import io.oddsapi.batch.lock.LockHeldElsewhereException;
import io.oddsapi.batch.lock.LockKey;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The job's first step: records this execution as the holder of its date's lock. The launcher normally took the lock
 * already; a job started some other way (a direct restart) takes it here, fails when a live holder has it, and
 * releases it when the job ends ({@link JobLockReleaser}).
 */
public class LockStepTasklet implements Tasklet {

	private static final Logger log = LoggerFactory.getLogger(LockStepTasklet.class);

	private final BatchLock lock;

	private final HeldLocks heldLocks;

	private final LeaseRenewer renewer;

	private final LockKey key;

	private final Duration lease;

	private final String host;

	public LockStepTasklet(BatchLock lock, HeldLocks heldLocks, LeaseRenewer renewer, LockKey key, Duration lease,
			String host) {
		this.lock = lock;
		this.heldLocks = heldLocks;
		this.renewer = renewer;
		this.key = key;
		this.lease = lease;
		this.host = host;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		long executionId = chunkContext.getStepContext().getStepExecution().getJobExecutionId();
		String token = heldLocks.get(key).map(HeldLocks.Held::token).orElse(null);
		if (token == null) {
			token = UUID.randomUUID().toString();
			Acquisition acquisition = lock.acquire(key, token, host, "job execution " + executionId, lease);
			if (acquisition instanceof Acquisition.Coalesced coalesced) {
				throw new LockHeldElsewhereException(key, coalesced.holder());
			}
			heldLocks.put(key, new HeldLocks.Held(token, renewer.renew(key, token, lease), true));
			log.info("{}: acquired by execution {} itself", key, executionId);
		}
		if (!lock.attach(key, token, executionId)) {
			log.warn("{}: lock lost before execution {} began; going on, the MERGE keeps the tables exact", key,
					executionId);
		}
		return RepeatStatus.FINISHED;
	}
}
