package io.oddsapi.batch.observe;

import java.time.LocalDate;

import org.slf4j.MDC;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * The run a log line belongs to, in the MDC: endpoint and date for everything a launch
 * logs, and the execution id while its job runs. Cloud Logging shows them as labels
 * ({@link CloudLoggingFormat}), so one run's lines can be found among many.
 */
public final class LogLabels implements JobExecutionListener {

	public static final String ENDPOINT = "endpoint";

	public static final String GAME_DATE = "gameDate";

	public static final String EXECUTION_ID = "executionId";

	/**
	 * Labels the current thread's lines with the launch's endpoint and date until the
	 * returned scope closes.
	 */
	public static Scope launch(String endpoint, LocalDate gameDate) {
		MDC.put(ENDPOINT, endpoint);
		MDC.put(GAME_DATE, gameDate.toString());
		return () -> {
			MDC.remove(ENDPOINT);
			MDC.remove(GAME_DATE);
		};
	}

	@FunctionalInterface
	public interface Scope extends AutoCloseable {

		@Override
		void close();

	}

	@Override
	public void beforeJob(JobExecution execution) {
		MDC.put(EXECUTION_ID, String.valueOf(execution.getId()));
	}

	@Override
	public void afterJob(JobExecution execution) {
		MDC.remove(EXECUTION_ID);
	}

}
