package io.oddsapi.batch.job;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The run's manifest, as its list step froze it. It is read from the job's execution
 * context; when that context was not saved after the list step (the connection lost as
 * the step ended, so the step is COMPLETED and a restart skips it), from the list step's
 * own context, which Spring Batch saved before marking the step COMPLETED.
 */
final class RunManifest {

	static final String LIST_STEP = "list";

	private RunManifest() {
	}

	static String of(StepExecution step, JobRepository repository) {
		JobExecution job = step.getJobExecution();
		ExecutionContext context = job.getExecutionContext();
		if (context.containsKey(ListObjectsTasklet.MANIFEST_KEY)) {
			return context.getString(ListObjectsTasklet.MANIFEST_KEY);
		}
		StepExecution list = repository.getLastStepExecution(job.getJobInstance(), LIST_STEP);
		if (list == null || !list.getExecutionContext().containsKey(ListObjectsTasklet.MANIFEST_KEY)) {
			throw new IllegalStateException("execution " + job.getId() + " has no manifest: its list step "
					+ (list == null ? "never ran" : "left none"));
		}
		String manifest = list.getExecutionContext().getString(ListObjectsTasklet.MANIFEST_KEY);
		context.putString(ListObjectsTasklet.MANIFEST_KEY, manifest);
		return manifest;
	}

}
