package io.oddsapi.batch.job;

import java.util.Collection;

import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.job.parameters.JobParametersValidator;
import org.springframework.batch.core.step.ListableStepLocator;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The job as JobOperator runs it: its steps, and then, on whichever thread ran them, word
 * to the run's lock that the execution ended. Told here rather than in a listener,
 * because Spring Batch stores the execution once more after its listeners: whoever goes
 * on from here finds it as it stays.
 */
class EndReportingJob implements Job, ListableStepLocator {

	private final AbstractJob steps;

	/**
	 * Looked up when a run ends: the lock's owner launches this job, so it is built after
	 * it.
	 */
	private final ObjectProvider<RunLock> lock;

	EndReportingJob(AbstractJob steps, ObjectProvider<RunLock> lock) {
		this.steps = steps;
		this.lock = lock;
	}

	@Override
	public void execute(JobExecution execution) throws JobInterruptedException {
		try {
			steps.execute(execution);
		}
		finally {
			lock.getObject().ended(execution);
		}
	}

	@Override
	public String getName() {
		return steps.getName();
	}

	@Override
	public boolean isRestartable() {
		return steps.isRestartable();
	}

	@Override
	public JobParametersValidator getJobParametersValidator() {
		return steps.getJobParametersValidator();
	}

	@Override
	public Collection<String> getStepNames() {
		return steps.getStepNames();
	}

	@Override
	public Step getStep(String stepName) {
		return steps.getStep(stepName);
	}

}
