package io.oddsapi.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import io.oddsapi.batch.job.FaultInjector;
import io.oddsapi.batch.job.RunSummary;
import io.oddsapi.batch.lock.BatchLock;
import io.oddsapi.batch.lock.FirestoreBatchLock;
import io.oddsapi.batch.lock.LockKey;
import io.oddsapi.batch.lock.LockState;
import io.oddsapi.batch.samples.SampleBucketGenerator;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.Emulators;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.PagingLocalStorage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole job on the Google Cloud seams: objects from gs:// (in-memory GCS), the
 * warehouse on BigQuery in dry-run mode, the lock in the real Firestore emulator. The job
 * itself is the same.
 */
class GoogleCloudEndToEndTests extends FunctionalTest {

	static final LocalDate DATE = LocalDate.of(2026, 1, 14);

	@Test
	void gcsToBigQueryUnderAFirestoreLock() throws IOException {
		String emulator = Emulators.firestore();
		Path local = bucket().root();
		new SampleBucketGenerator(SampleBucketGenerator.Spec.bundled()).writeTo(local);
		Storage storage = PagingLocalStorage.service();
		try (Stream<Path> files = Files.walk(local)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				storage.create(BlobInfo.newBuilder("odds-prod", local.relativize(file).toString()).build(),
						Files.readAllBytes(file));
			}
		}
		Path script = tempDir.resolve("dry-run.sql");
		String collection = "locks_" + UUID.randomUUID().toString().replace("-", "");
		AtomicReference<JobHarness> app = new AtomicReference<>();
		AtomicReference<LockState> duringTheRun = new AtomicReference<>();
		FaultInjector lookAtTheLock = (point, detail) -> {
			if (point.equals("write") && detail.equals("1")) {
				duringTheRun
					.set(app.get().bean(BatchLock.class).read(LockKey.of(OddsEndpoint.GAME_LINES, DATE)).orElse(null));
			}
		};
		app.set(start(database(Backend.H2), bucket(), Map.of("storage", storage, "faultInjector", lookAtTheLock),
				"odds.bucket=gs://odds-prod", "odds.warehouse=bigquery", "odds.bigquery.dataset=odds_prod",
				"odds.dry-run=" + script, "odds.lock.provider=firestore", "odds.lock.collection=" + collection,
				"odds.lock.firestore-project=oddsapi-test", "odds.lock.firestore-emulator-host=" + emulator));

		RunSummary run = app.get().run(OddsEndpoint.GAME_LINES, DATE);

		assertThat(run.completed()).as(run.format()).isTrue();
		assertThat(run.objects()).isEqualTo(6);
		assertThat(app.get().bean(BatchLock.class)).isInstanceOf(FirestoreBatchLock.class);
		assertThat(duringTheRun.get()).as("held in Firestore by the execution while it ran").isNotNull();
		assertThat(duringTheRun.get().executionId()).isEqualTo(run.executionId());
		assertThat(app.get().bean(BatchLock.class).read(LockKey.of(OddsEndpoint.GAME_LINES, DATE))).as("released")
			.isEmpty();
		// run 1, named beyond this job repository (r1_ and 12 hex digits)
		assertThat(Files.readString(script)).contains("MERGE INTO `odds_prod.odds_api_game_lines` t")
			.containsPattern("-- load job oddsapi_odds_prod_r1_[0-9a-f]{12}_odds_api_game_lines_load_a1: 192 rows")
			.containsPattern("DROP TABLE IF EXISTS `odds_prod.stg_odds_api_game_lines_r1_[0-9a-f]{12}`");
	}

}
