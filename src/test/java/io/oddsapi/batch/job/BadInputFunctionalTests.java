package io.oddsapi.batch.job;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.BrokenObjects;
import io.oddsapi.batch.support.ComparedTables;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.TestBucket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.batch.core.BatchStatus;

import static org.assertj.core.api.Assertions.assertThat;

/** A broken file is rejected with its reason recorded; the rest is published. */
class BadInputFunctionalTests extends FunctionalTest {

	static final LocalDate DATE = LocalDate.of(2026, 1, 14);

	static final String GOOD = BrokenObjects.GOOD;

	static final Map<String, String[]> BAD = BrokenObjects.KINDS;

	private static void writeGood(TestBucket bucket, int count) {
		for (int i = 0; i < count; i++) {
			bucket.put("game-lines", DATE, "e" + i + "-MIABOS",
					Instant.parse("2026-01-14T22:00:00Z").plusSeconds(60L * i), GOOD.formatted(i));
		}
	}

	private static String writeBad(TestBucket bucket, int index, String content) {
		return BrokenObjects.write(bucket, DATE, index, content);
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void everyKindOfBadFileIsRejectedWithItsReasonAndTheRestPublished(Backend backend) {
		writeGood(bucket(), 10);
		writeGood(bucket("good-only"), 10);
		Map<String, String> expectedReasons = BrokenObjects.writeEveryKind(bucket(), DATE);
		JobHarness job = start(database(backend), FaultInjector.NONE, "odds.max-rejected-ratio=0.5");
		RunSummary summary = job.run(OddsEndpoint.GAME_LINES, DATE);

		assertThat(summary.completed()).as(summary.format()).isTrue();
		assertThat(summary.counts().rejections()).hasSize(BAD.size());
		assertThat(summary.format()).contains("7 rejected")
			.contains("rejected " + expectedReasons.keySet().iterator().next());
		List<Map<String, Object>> rejected = job.rowMaps("odds_api_rejected_files", "");
		assertThat(rejected).hasSize(BAD.size());
		for (Map<String, Object> row : rejected) {
			String name = (String) row.get("source_file_path");
			assertThat((String) row.get("reason")).as(name).contains(expectedReasons.get(name));
			assertThat(row.get("endpoint")).isEqualTo("game-lines");
			assertThat(row.get("execution_id")).isEqualTo(summary.executionId());
		}
		assertThat(summary.report().tables()).filteredOn(t -> t.table().equals("odds_api_game_lines"))
			.singleElement()
			.satisfies(t -> assertThat(t.staged()).as("a rejected file stages nothing").isEqualTo(20));
		try (JobHarness clean = JobHarness.start(database(backend), bucket("good-only").root())) {
			clean.run(OddsEndpoint.GAME_LINES, DATE);
			// the ledger and the rejects hold the bad objects too, as checked above;
			// every other table as without them
			List<String> tables = ComparedTables.ALL.stream()
				.filter(table -> !List.of("odds_api_published_objects", "odds_api_rejected_files").contains(table))
				.toList();
			ComparedTables.assertSameRows(ComparedTables.of(tables, job), ComparedTables.of(tables, clean));
			assertThat(job.rowMaps("odds_api_published_objects", "outcome = 'rejected'"))
				.extracting(row -> (String) row.get("source_file_path"))
				.containsExactlyInAnyOrderElementsOf(expectedReasons.keySet());
			assertThat(job.count("odds_api_published_objects"))
				.isEqualTo(clean.count("odds_api_published_objects") + 7);
		}
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void tooManyRejectsFailTheRunNamingThemUntilTheThresholdIsRaised(Backend backend) {
		writeGood(bucket(), 10);
		String first = writeBad(bucket(), 0, "");
		writeBad(bucket(), 1, "{}");
		writeBad(bucket(), 2, "[1]");
		var database = database(backend);
		try (JobHarness job = JobHarness.start(database, bucket().root())) {
			RunSummary failed = job.run(OddsEndpoint.GAME_LINES, DATE);
			assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
			assertThat(failed.error())
				.startsWith("3 of 13 files rejected, more than odds.max-rejected-ratio=0.2 allows")
				.contains(first + ": empty file");
			assertThat(job.count("odds_api_game_lines")).as("nothing published").isZero();
		}
		try (JobHarness job = JobHarness.start(database, bucket().root(), "odds.max-rejected-ratio=0.5")) {
			RunSummary restarted = job.run(OddsEndpoint.GAME_LINES, DATE);
			assertThat(restarted.completed()).isTrue();
			assertThat(restarted.run()).isEqualTo(1);
			assertThat(job.count("odds_api_game_lines")).isEqualTo(20);
			assertThat(job.count("odds_api_rejected_files")).isEqualTo(3);
		}
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void aShareOfRejectsAtTheThresholdIsPublished(Backend backend) {
		writeGood(bucket(), 8);
		writeBad(bucket(), 0, "null");
		writeBad(bucket(), 1, "<html>");
		RunSummary summary = start(database(backend)).run(OddsEndpoint.GAME_LINES, DATE);
		assertThat(summary.completed()).as(summary.format()).isTrue();
		assertThat(summary.counts().rejections()).hasSize(2);
	}

	/**
	 * A scrape cycle's incremental run: 1 bad file of 3 is a third, yet the 2 good ones
	 * must not wait for a person.
	 */
	@ParameterizedTest
	@EnumSource(Backend.class)
	void aSmallRunPublishesItsGoodFilesWhateverShareIsRejected(Backend backend) {
		writeGood(bucket(), 10);
		JobHarness job = start(database(backend));
		assertThat(job.run(OddsEndpoint.GAME_LINES, DATE).completed()).isTrue();
		for (int i = 10; i < 12; i++) { // two new good files, as writeGood names them
			bucket().put("game-lines", DATE, "e" + i + "-MIABOS",
					Instant.parse("2026-01-14T22:00:00Z").plusSeconds(60L * i), GOOD.formatted(i));
		}
		String bad = writeBad(bucket(), 0, "<html>");
		RunSummary incremental = job.run(OddsEndpoint.GAME_LINES, DATE);
		assertThat(incremental.completed()).as(incremental.format()).isTrue();
		assertThat(incremental.format()).contains("3 read, 1 rejected");
		assertThat(incremental.counts().rejections()).singleElement().asString().startsWith(bad);
		assertThat(job.count("odds_api_game_lines")).isEqualTo(24);
		assertThat(job.count("odds_api_rejected_files")).isEqualTo(1);
	}

}
