package io.oddsapi.batch.warehouse.bigquery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;

import com.google.cloud.bigquery.BigQuery;
import io.oddsapi.batch.job.RunSummary;
import io.oddsapi.batch.localbigquery.LocalBigQueryProcess;
import io.oddsapi.batch.localbigquery.LocalBigQueryServer;
import io.oddsapi.batch.samples.SampleBucketGenerator;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.ComparedTables;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.OnLocalBigQuery;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs of different job repositories that share run (job instance) numbers, on one
 * BigQuery dataset: each one's jobs and staging tables are its own, so every object each
 * run launches is published. Named by instance id alone, the second run attached to the
 * first one's finished loads and publication script: it merged nothing, cleared its spool
 * and reported COMPLETED.
 */
class RunNamesFunctionalTests extends FunctionalTest {

	static final LocalDate FIRST = LocalDate.of(2026, 1, 14);

	static final LocalDate SECOND = LocalDate.of(2026, 1, 15);

	@LocalBigQueryServer
	static LocalBigQueryProcess local;

	private String dataset;

	@BeforeEach
	void sampleBucketAndDataset() {
		new SampleBucketGenerator(SampleBucketGenerator.Spec.bundled()).writeTo(bucket().root());
		dataset = OnLocalBigQuery.dataset();
	}

	@Test
	void twoJobRepositoriesPublishingToOneDatasetEachPublishEveryObject() {
		launchOnBigQuery(database(Backend.H2), OddsEndpoint.GAME_LINES, FIRST);
		launchOnBigQuery(database(Backend.H2), OddsEndpoint.GAME_LINES, SECOND);
		assertBigQueryHoldsWhatH2PublishesFor(OddsEndpoint.GAME_LINES, FIRST, OddsEndpoint.GAME_LINES, SECOND);
	}

	@Test
	void aTaskThatFellBackToAnEmptyEmbeddedRepositoryPublishesEveryObject() {
		launchOnBigQuery(database(Backend.POSTGRESQL), OddsEndpoint.GAME_LINES, FIRST);
		launchOnBigQuery(database(Backend.H2), OddsEndpoint.PLAYER_PROPS, FIRST);
		assertBigQueryHoldsWhatH2PublishesFor(OddsEndpoint.GAME_LINES, FIRST, OddsEndpoint.PLAYER_PROPS, FIRST);
	}

	@Test
	void aRepositoryRestoredFromAnOlderCopyPublishesTheRunsItNumbersAgain() throws IOException {
		Backend.TestDatabase database = database(Backend.H2);
		launchOnBigQuery(database, OddsEndpoint.GAME_LINES, FIRST);
		Path file = h2File(database);
		Path copy = tempDir.resolve("repository-copy.mv.db");
		Files.copy(file, copy);
		assertThat(launchOnBigQuery(database, OddsEndpoint.GAME_LINES, SECOND)).as("its job instance").isEqualTo(2);
		Files.copy(copy, file, StandardCopyOption.REPLACE_EXISTING);
		assertThat(launchOnBigQuery(database, OddsEndpoint.PLAYER_PROPS, FIRST))
			.as("the restored repository numbers its next job instance 2 again")
			.isEqualTo(2);
		assertBigQueryHoldsWhatH2PublishesFor(OddsEndpoint.GAME_LINES, FIRST, OddsEndpoint.GAME_LINES, SECOND,
				OddsEndpoint.PLAYER_PROPS, FIRST);
	}

	/**
	 * One run of a fresh application on {@code database}, closed after it, so that its
	 * file may be copied; returns the run's job instance id.
	 */
	private long launchOnBigQuery(Backend.TestDatabase database, OddsEndpoint endpoint, LocalDate date) {
		try (JobHarness job = JobHarness.start(database, bucket().root(), OnLocalBigQuery.properties(local, dataset))) {
			RunSummary run = job.run(endpoint, date);
			assertThat(run.completed()).as(run.format()).isTrue();
			assertThat(run.report().tables()).as(run.format()).isNotEmpty();
			return job.jdbc()
				.queryForObject("SELECT job_instance_id FROM batch_job_execution WHERE job_execution_id = ?",
						Long.class, run.executionId());
		}
	}

	private static Path h2File(Backend.TestDatabase database) {
		String path = database.url().substring("jdbc:h2:file:".length(), database.url().indexOf(';'));
		return Path.of(path + ".mv.db");
	}

	/**
	 * Pairs of endpoint and date, as one H2 repository publishes them: BigQuery holds the
	 * same rows.
	 */
	private void assertBigQueryHoldsWhatH2PublishesFor(Object... endpointsAndDates) {
		JobHarness h2 = start(database(Backend.H2));
		for (int i = 0; i < endpointsAndDates.length; i += 2) {
			h2.run((OddsEndpoint) endpointsAndDates[i], (LocalDate) endpointsAndDates[i + 1]);
		}
		BigQuery client = local.client(OnLocalBigQuery.PROJECT);
		assertThat(h2.rows("odds_api_published_objects")).isNotEmpty();
		ComparedTables.assertSameRows(ComparedTables.of(client, dataset), ComparedTables.of(h2));
	}

}
