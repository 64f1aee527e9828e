package io.oddsapi.batch.job;

import java.time.LocalDate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.oddsapi.batch.lock.BatchLock;
import io.oddsapi.batch.lock.HeldLocks;
import io.oddsapi.batch.lock.LockKey;
import io.oddsapi.batch.source.OddsEndpoint;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/** Releases, when the job ends, a lock the job's lock step took itself (a job started outside the launcher). */
public class JobLockReleaser implements JobExecutionListener {

	private static final Logger log = LoggerFactory.getLogger(JobLockReleaser.class);

	private final BatchLock lock;

	private final HeldLocks heldLocks;

	public JobLockReleaser(BatchLock lock, HeldLocks heldLocks) {
		this.lock = lock;
		this.heldLocks = heldLocks;
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		String endpoint = jobExecution.getJobParameters().getString(OddsJobConfiguration.ENDPOINT);
		LocalDate gameDate = jobExecution.getJobParameters().getLocalDate(OddsJobConfiguration.GAME_DATE);
		LockKey key = LockKey.of(OddsEndpoint.fromFolder(endpoint).orElseThrow(), gameDate);
		heldLocks.get(key).filter(HeldLocks.Held::ownedByJob).ifPresent(held -> {
			heldLocks.remove(key);
			try {
				held.renewal().close();
			}
			catch (Exception ex) {
				log.debug("stopping renewal of {}: {}", key, ex.getMessage());
			}
			if (lock.releaseAfterFailure(key, held.token())) {
				log.info("{}: a launch that coalesced into execution {} is kept pending: the next launch of the date "
						+ "runs for it", key.id(), jobExecution.getId());
			}
		});
	}
}
