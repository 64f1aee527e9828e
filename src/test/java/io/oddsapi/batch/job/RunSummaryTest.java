package io.oddsapi.batch.job;

import org.junit.jupiter.api.Test;

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

}
