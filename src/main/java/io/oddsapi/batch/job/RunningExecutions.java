package io.oddsapi.batch.job;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/** The job executions running in this process: what a graceful shutdown stops. */
public class RunningExecutions implements JobExecutionListener {

	private final Set<Long> running = ConcurrentHashMap.newKeySet();

	@Override
	public void beforeJob(JobExecution jobExecution) {
		running.add(jobExecution.getId());
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		running.remove(jobExecution.getId());
	}

	public Set<Long> ids() {
		return Set.copyOf(running);
	}
}
