package io.oddsapi.batch.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Stream;

import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import io.oddsapi.batch.job.FaultInjector;
import io.oddsapi.batch.samples.SampleBucketGenerator;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.PagingLocalStorage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same job on a gs:// bucket (in-memory GCS) publishes what it publishes from a local
 * folder.
 */
class GcsJobFunctionalTests extends FunctionalTest {

	@Test
	void theSampleBucketOnGcsPublishesLikeTheLocalFolder() throws IOException {
		Path local = bucket().root();
		new SampleBucketGenerator(SampleBucketGenerator.Spec.bundled()).writeTo(local);
		Storage storage = PagingLocalStorage.service();
		try (Stream<Path> files = Files.walk(local)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				String name = local.relativize(file).toString().replace('\\', '/');
				storage.create(BlobInfo.newBuilder("odds-test", name).build(), Files.readAllBytes(file));
			}
		}
		try (JobHarness onGcs = JobHarness.start(database(Backend.H2), local,
				Map.of("storage", storage, "faultInjector", FaultInjector.NONE), "odds.bucket=gs://odds-test");
				JobHarness onFolder = JobHarness.start(database(Backend.H2), local)) {
			for (LocalDate date : SampleBucketGenerator.Spec.bundled().dates()) {
				for (OddsEndpoint endpoint : OddsEndpoint.values()) {
					assertThat(onGcs.run(endpoint, date).completed()).isTrue();
					onFolder.run(endpoint, date);
				}
			}
			assertThat(onGcs.bean(BlobSource.class).describe()).isEqualTo("gs://odds-test");
			for (String table : new String[] { "odds_api_game_lines", "odds_api_player_props" }) {
				assertThat(onGcs.rows(table)).isNotEmpty().isEqualTo(onFolder.rows(table));
			}
		}
	}

}
