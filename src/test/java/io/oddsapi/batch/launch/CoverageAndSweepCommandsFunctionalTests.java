package io.oddsapi.batch.launch;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.oddsapi.batch.OddsBatchApplication;
import io.oddsapi.batch.support.CoverageDay;
import io.oddsapi.batch.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static io.oddsapi.batch.support.OddsJson.book;
import static io.oddsapi.batch.support.OddsJson.event;
import static io.oddsapi.batch.support.OddsJson.market;
import static io.oddsapi.batch.support.OddsJson.price;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coverage and sweep commands as an operator (or Cloud Scheduler) runs them: their
 * reports and exit codes, and a sweep that publishes objects that landed without a
 * trigger. The date is long past, so every game is due.
 */
@ExtendWith(OutputCaptureExtension.class)
class CoverageAndSweepCommandsFunctionalTests {

	@TempDir
	Path tempDir;

	private int run(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.add("--spring.datasource.url=" + url());
		all.add("--odds.bucket=file:" + tempDir.resolve("bucket").toAbsolutePath());
		return SpringApplication.exit(SpringApplication.run(OddsBatchApplication.class, all.toArray(String[]::new)));
	}

	private String url() {
		return "jdbc:h2:file:" + tempDir.resolve("db/odds").toAbsolutePath();
	}

	private long published(String endpoint) {
		JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url(), "sa", ""));
		return jdbc.queryForObject("SELECT COUNT(*) FROM odds_api_published_objects WHERE endpoint = ?", Long.class,
				endpoint);
	}

	@Test
	void theCoverageCommandExitsThreeWhenAGameIsFlaggedAndZeroWhenNone(CapturedOutput output) {
		CoverageDay.writeTo(new TestBucket(tempDir.resolve("bucket")), true);
		assertThat(run("endpoint=game-lines", "gameDate=2026-01-14")).isZero();
		assertThat(run("endpoint=player-props", "gameDate=2026-01-14")).isZero();
		assertThat(run("--odds.mode=coverage", "gameDate=2026-01-14")).isEqualTo(CoverageCommand.FLAGGED);
		assertThat(output.getOut()).contains("coverage of 2026-01-14: 4 games, 3 flagged (schedule: the events file)")
			.contains("cov4 DEN at LAL")
			.contains("FLAGGED NO_LINES");
		assertThat(run("--odds.mode=coverage", "from=2026-01-10", "to=2026-01-11")).as("dates without games").isZero();
		assertThat(run("--odds.mode=coverage", "gameDate=yesterday")).isEqualTo(LaunchSequence.UNUSABLE);
	}

	@Test
	void theSweepPublishesWhatLandedWithoutATriggerAndAgainFindsNothing(CapturedOutput output) {
		TestBucket bucket = new TestBucket(tempDir.resolve("bucket"));
		CoverageDay.writeTo(bucket, true);
		assertThat(run("endpoint=game-lines", "gameDate=2026-01-14")).isZero();
		long gameLines = published("game-lines");
		// a late scrape of Atlanta at Golden State lands, and no notification or launch
		// follows it
		bucket.put("game-lines", CoverageDay.DATE, "cov2-ATLGSW", Instant.parse("2026-01-15T02:00:00Z"),
				event("cov2", Instant.parse("2026-01-15T03:00:00Z"), "Golden State Warriors", "Atlanta Hawks", book(
						"draftkings",
						market("h2h", price("Atlanta Hawks", "3.00"), price("Golden State Warriors", "1.40")))));
		int exit = run("--odds.mode=sweep", "from=2026-01-13", "to=2026-01-14");
		assertThat(exit).as("runs completed; games are still flagged").isEqualTo(CoverageCommand.FLAGGED);
		assertThat(output.getOut())
			.contains("sweep 2026-01-13..2026-01-14: 2 endpoint dates checked, 2 had unpublished objects (2 objects)");
		assertThat(published("game-lines")).as("the late object").isEqualTo(gameLines + 1);
		assertThat(published("player-props")).as("never launched before").isEqualTo(1);
		int mark = output.getOut().length();
		run("--odds.mode=sweep", "from=2026-01-13", "to=2026-01-14");
		assertThat(output.getOut().substring(mark))
			.contains("sweep 2026-01-13..2026-01-14: 2 endpoint dates checked, 0 had unpublished objects (0 objects)");
	}

}
