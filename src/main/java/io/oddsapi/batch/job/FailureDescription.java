package io.oddsapi.batch.job;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Puts the innermost cause of a failure ("injected fault at write 2", "object ... is not
 * readable") on the first line of the exit description, ahead of the stack trace. Spring
 * Batch cuts stored descriptions at 2,500 characters, which keeps a trace's first lines
 * ("Unable to process chunk") and loses the cause a person needs when reading the
 * execution back later (the REST API, a restart in another process).
 */
class FailureDescription implements JobExecutionListener {

	@Override
	public void afterJob(JobExecution execution) {
		if (execution.getStatus() == BatchStatus.COMPLETED || execution.getAllFailureExceptions().isEmpty()) {
			return;
		}
		ExitStatus exit = execution.getExitStatus();
		String description = exit.getExitDescription();
		execution.setExitStatus(new ExitStatus(exit.getExitCode(), RunSummary.error(execution)
				+ (description == null || description.isEmpty() ? "" : System.lineSeparator() + description)));
	}

}
