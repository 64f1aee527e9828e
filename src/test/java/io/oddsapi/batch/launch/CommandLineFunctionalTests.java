package io.oddsapi.batch.launch;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.oddsapi.batch.OddsBatchApplication;
import io.oddsapi.batch.samples.SampleBucketGenerator;
import io.oddsapi.batch.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line as a user types it: exit codes, summaries, one-line errors before any
 * work.
 */
@ExtendWith(OutputCaptureExtension.class)
class CommandLineFunctionalTests {

	@TempDir
	Path tempDir;

	private int run(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.add("--spring.datasource.url=jdbc:h2:file:" + tempDir.resolve("db/odds").toAbsolutePath());
		if (all.stream().noneMatch(a -> a.startsWith("--odds.bucket="))) {
			all.add("--odds.bucket=file:" + tempDir.resolve("bucket").toAbsolutePath());
		}
		return SpringApplication.exit(SpringApplication.run(OddsBatchApplication.class, all.toArray(String[]::new)));
	}

	@Test
	void withoutArgumentsEveryEndpointAndDateInTheBucketRuns(CapturedOutput output) {
		new SampleBucketGenerator(SampleBucketGenerator.Spec.bundled()).writeTo(tempDir.resolve("bucket"));
		assertThat(run()).isZero();
		assertThat(output.getOut().lines().filter(l -> l.contains(" run 1 (execution ") && l.contains("COMPLETED")))
			.hasSize(8);
		assertThat(output.getOut()).contains("MERGE statements: 2").contains("1 other names ignored");
	}

	/**
	 * A rerun says, once per endpoint and date, that there is nothing new, and nothing
	 * else about them.
	 */
	@Test
	void aRerunOfTheSampleLogsOneLinePerEndpointAndDate(CapturedOutput output) {
		new SampleBucketGenerator(SampleBucketGenerator.Spec.bundled()).writeTo(tempDir.resolve("bucket"));
		assertThat(run()).isZero();
		int mark = output.getOut().length();
		assertThat(run()).isZero();
		List<String> aboutADate = output.getOut()
			.substring(mark)
			.lines()
			.filter(line -> line.matches(".* [a-z-]+ 2026-01-1[45][: ].*"))
			.map(line -> line.substring(line.indexOf("INFO") + 4).strip())
			.toList();
		assertThat(aboutADate).as("2 dates x 4 endpoints")
			.hasSize(8)
			.allSatisfy(line -> assertThat(line).endsWith(": nothing new"));
		assertThat(aboutADate).doesNotHaveDuplicates();
	}

	@Test
	void withWorkersEveryDateRunsOnceInParallel(CapturedOutput output) {
		List<LocalDate> dates = List.of(LocalDate.of(2026, 1, 14), LocalDate.of(2026, 1, 15),
				LocalDate.of(2026, 1, 16));
		new SampleBucketGenerator(new SampleBucketGenerator.Spec(dates, 2, 2, 2, 1, 3L))
			.writeTo(tempDir.resolve("bucket"));
		assertThat(run("--odds.workers=3")).isZero();
		List<String> completed = output.getOut()
			.lines()
			.filter(l -> l.contains(" run 1 (execution ") && l.contains("COMPLETED"))
			.map(l -> l.substring(l.indexOf(' ') + 1, l.indexOf(" run 1")).strip())
			.toList();
		// every endpoint folder of every date, once; twins that share a lock run one
		// after the other in one launch
		assertThat(completed).hasSize(12).doesNotHaveDuplicates();
		assertThat(output.getOut()).doesNotContain(" run 2 (execution ").doesNotContain("FAILED");
	}

	@Test
	void oneEndpointAndDateExitsZeroAndAgainHasNothingNew(CapturedOutput output) {
		new SampleBucketGenerator(SampleBucketGenerator.Spec.bundled()).writeTo(tempDir.resolve("bucket"));
		assertThat(run("endpoint=player-props", "gameDate=2026-01-14")).isZero();
		assertThat(run("endpoint=player-props", "gameDate=2026-01-14")).isZero();
		assertThat(output.getOut()).contains("player-props 2026-01-14 run 1 (execution 1): COMPLETED")
			.contains("player-props 2026-01-14: nothing new")
			.doesNotContain("run 2");
	}

	@Test
	void aFailedRunExitsOne(CapturedOutput output) {
		new TestBucket(tempDir.resolve("bucket")).put("game-lines", LocalDate.of(2026, 1, 14), "e1-MIABOS",
				Instant.parse("2026-01-14T23:00:00Z"), "{\"message\":\"quota\"}");
		assertThat(run("endpoint=game-lines", "gameDate=2026-01-14", "--odds.max-rejected-ratio-min-files=1"))
			.isEqualTo(CommandLineLauncher.FAILED);
		assertThat(output.getOut()).contains("FAILED").contains("error: 1 of 1 files rejected");
	}

	@Test
	void unusableArgumentsGiveOneLineAndExitTwoBeforeAnyWork(CapturedOutput output) {
		new TestBucket(tempDir.resolve("bucket")).put("x", new byte[0]);
		assertThat(run("endpoint=game-lines';DROP TABLE x;--", "gameDate=2026-01-14")).isEqualTo(2);
		assertThat(run("endpoint=game-lines", "gameDate=2026-02-30")).isEqualTo(2);
		assertThat(run("endpoint=game-lines", "gameDate=../../etc")).isEqualTo(2);
		assertThat(run("endpoint=game-lines", "gameDate=2026-01-14", "--odds.bucket=file:/no/such/folder"))
			.isEqualTo(2);
		assertThat(output.getOut()).contains("oddsapi-batch: unknown endpoint 'game-lines';DROP TABLE x;--'")
			.contains("oddsapi-batch: gameDate '2026-02-30' is not a calendar date in the form YYYY-MM-DD")
			.contains("oddsapi-batch: gameDate '../../etc' is not a calendar date")
			.contains("oddsapi-batch: bucket folder /no/such/folder does not exist")
			.doesNotContain("\tat ")
			.doesNotContain(" run 1 (execution");
	}

}
