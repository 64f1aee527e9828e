package io.oddsapi.batch.job;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The job's first step, on every start and restart: attaches the execution to the date's
 * lock, which the owner of the date's run took before it launched the execution. An
 * execution that nobody holding the lock launched fails here
 * ({@link NotLaunchedUnderLockException}).
 */
public class LockStepTasklet implements Tasklet {

	private final RunLock lock;

	private final RunParameters run;

	public LockStepTasklet(RunLock lock, RunParameters run) {
		this.lock = lock;
		this.run = run;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		lock.attach(run, chunkContext.getStepContext().getStepExecution().getJobExecutionId());
		return RepeatStatus.FINISHED;
	}

}
