package io.oddsapi.batch.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import io.oddsapi.batch.job.FaultInjector;
import io.oddsapi.batch.job.RunSummary;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.PagingLocalStorage;
import io.oddsapi.batch.support.TestBucket;
import io.oddsapi.batch.support.TestDay;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 14: names that try to leave the date's prefix. GCS allows any name, {@code ../}
 * segments, a leading slash and encoded or backslashed separators included; none of them
 * is a scrape's name, so none is read, and the one good object beside them is published.
 * On the local folder no listed name can hold such segments, and opening one that does is
 * refused before any file is touched.
 */
class TraversalNamesFunctionalTests extends FunctionalTest {

	static final LocalDate DATE = TestDay.DATE;

	static final String PREFIX = "odds-api/game-lines/" + DATE + "/";

	static final String SNAP = "20260114_200000-snap-2000.json";

	/**
	 * Each is a valid event's body under a name that points, or could be taken to point,
	 * elsewhere.
	 */
	static final List<String> HOSTILE = List.of(PREFIX + "e1-MIABOS/../../2026-01-15/e9-MIABOS/" + SNAP,
			PREFIX + "../2026-01-15/e9-MIABOS/" + SNAP, PREFIX + "../../../../../etc/" + SNAP, PREFIX + "../" + SNAP,
			PREFIX + "./e1-MIABOS/" + SNAP, PREFIX + "..%2F..%2Fetc/" + SNAP, PREFIX + "e1-MIABOS%2F..%2F..%2F/" + SNAP,
			PREFIX + "..\\..\\etc/" + SNAP, PREFIX + "e1-MIABOS/..\\" + SNAP, "/" + PREFIX + "e1-MIABOS/" + SNAP,
			PREFIX + "/e1-MIABOS/" + SNAP, PREFIX + "e1-MIABOS//" + SNAP);

	@Test
	void onGcsNamesWithTraversalsAreNeverReadAndTheGoodObjectIsPublished() {
		Storage storage = PagingLocalStorage.service();
		byte[] event = TestDay.EVENT.formatted("e1", 2.0).getBytes(StandardCharsets.UTF_8);
		String good = TestBucket.objectName("game-lines", DATE, "e1-MIABOS", Instant.parse("2026-01-14T20:00:00Z"));
		storage.create(BlobInfo.newBuilder("odds-test", good).build(), event);
		for (String name : HOSTILE) {
			storage.create(BlobInfo.newBuilder("odds-test", name).build(), event);
		}
		try (JobHarness onGcs = JobHarness.start(database(Backend.H2), bucket().root(),
				Map.of("storage", storage, "faultInjector", FaultInjector.NONE), "odds.bucket=gs://odds-test")) {
			RunSummary run = onGcs.run(OddsEndpoint.GAME_LINES, DATE);
			assertThat(run.completed()).as(run.format()).isTrue();
			assertThat(run.objects()).as("only the good object is read").isEqualTo(1);
			assertThat(run.ignored()).as("every hostile name inside the listed prefix is ignored")
				.isEqualTo((int) HOSTILE.stream().filter(name -> name.startsWith(PREFIX)).count());
			assertThat(onGcs.rowMaps("odds_api_published_objects", "")).extracting(r -> r.get("source_file_path"))
				.containsExactly(good);
			assertThat(onGcs.count("odds_api_game_lines")).isEqualTo(2);
		}
	}

	@Test
	void onTheLocalFolderNoNameLeavesTheBucketFolder() throws IOException {
		Path root = bucket().root();
		TestDay.cycle(bucket(), 0, 1);
		Path outside = tempDir.resolve("outside");
		Files.createDirectories(outside);
		Files.writeString(outside.resolve(SNAP), TestDay.EVENT.formatted("x", 9.0));
		LocalFolderBlobSource source = new LocalFolderBlobSource(root);
		assertThat(source.list(PREFIX)).extracting(BlobObject::name)
			.allSatisfy(name -> assertThat(name).startsWith(PREFIX).doesNotContain("..").doesNotContain("\\"));
		String escaping = PREFIX + "../../../../" + root.relativize(outside.resolve(SNAP)).toString();
		assertThatThrownBy(() -> source.open(new BlobObject(escaping, 1, 1, Instant.EPOCH)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("escapes the bucket folder");
		assertThatThrownBy(() -> source.list("odds-api/../../elsewhere/")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("escapes the bucket folder");
	}

}
