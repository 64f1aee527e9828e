package io.oddsapi.batch.job;

import java.nio.file.AccessDeniedException;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;

import static org.assertj.core.api.Assertions.assertThat;

/** What a failed execution read back from the job repository names as its error. */
class RunSummaryTest {

	static final String TRACE = """
			org.springframework.batch.core.step.FatalStepExecutionException: Unable to process chunk
				at org.springframework.batch.core.step.item.ChunkOrientedStep.doExecute(ChunkOrientedStep.java:1)
			Caused by: org.springframework.batch.core.step.item.ChunkWriteException: wrapped: here
				at io.oddsapi.batch.job.StagingWriter.write(StagingWriter.java:2)
			Caused by: java.lang.IllegalStateException: injected fault at write 2
				at io.oddsapi.batch.job.FaultPoints.fail(FaultPoints.java:3)
			""";

	@Test
	void savedBeforeTheListenersRanTheTraceStillNamesTheInnermostCause() {
		assertThat(RunSummary.innermostCause(TRACE)).isEqualTo("injected fault at write 2");
	}

	@Test
	void savedAfterThemTheFirstLineDoesWhenTheTraceWasCutBeforeItsCause() {
		String cut = "injected fault at write 2\n"
				+ TRACE.lines().limit(2).reduce((a, b) -> a + "\n" + b).orElseThrow();
		assertThat(RunSummary.innermostCause(cut)).isEqualTo("injected fault at write 2");
		assertThat(RunSummary.innermostCause("injected fault at write 2\n" + TRACE))
			.isEqualTo("injected fault at write 2");
		assertThat(RunSummary.innermostCause("")).isNull();
	}

	/**
	 * A file the run may not read: the file system's exception holds only the path, so
	 * the error is the reader's sentence around it, live and read back alike.
	 */
	@Test
	void anUnreadableObjectIsNamedWithWhatWentWrongNotByItsPathAlone() {
		String object = "odds-api/game-lines/2026-01-14/e-LACPHX/20260114_230000-snap-2300.json";
		ObjectReadException failure = new ObjectReadException(object, new AccessDeniedException("/bucket/" + object));
		JobExecution execution = new JobExecution(1L, new JobInstance(1L, "odds"), new JobParameters());
		execution.setStatus(BatchStatus.FAILED);
		execution.addFailureException(new IllegalStateException("Unable to process chunk", failure));
		String expected = "cannot read " + object + ": permission denied (the run stops; relaunch once it is readable)";
		assertThat(RunSummary.error(execution)).isEqualTo(expected);

		String stored = """
				org.springframework.batch.core.step.FatalStepExecutionException: Unable to process chunk
				Caused by: io.oddsapi.batch.job.ObjectReadException: %s
				Caused by: java.nio.file.AccessDeniedException: /bucket/%s
				""".formatted(expected, object);
		assertThat(RunSummary.innermostCause(stored)).isEqualTo(expected);
	}

}
