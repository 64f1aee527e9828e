package io.oddsapi.batch.source;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.google.api.gax.paging.Page;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import io.oddsapi.batch.support.PagingLocalStorage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GCS blob source against LocalStorageHelper's in-memory GCS, with paging
 * (PagingLocalStorage).
 */
class GcsBlobSourceTest {

	static final String BUCKET = "odds-bucket";

	Storage storage;

	@BeforeEach
	void fakeGcs() {
		storage = PagingLocalStorage.service();
		for (int i = 0; i < 5; i++) {
			put("odds-api/game-lines/2026-01-14/e" + i + "-MIABOS/20260114_230000-snap-2300.json", "{\"n\":" + i + "}");
		}
		put("odds-api/game-lines/2026-01-15/e9-MIABOS/20260115_230000-snap-2300.json", "{}");
		put("odds-api/player-props/2026-01-14/e1-MIABOS/20260114_230000-snap-2300.json", "{}");
		put("odds-api/game-lines-history/2026-01-14/e1-MIABOS/20260114_230000-snap-2300.json", "{}");
	}

	private void put(String name, String content) {
		storage.create(BlobInfo.newBuilder(BUCKET, name).build(), content.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void listsAPrefixThroughEveryPage() {
		GcsBlobSource source = new GcsBlobSource(storage, BUCKET, 2);
		List<BlobObject> objects = source.list("odds-api/game-lines/2026-01-14/");
		assertThat(objects).extracting(BlobObject::name)
			.hasSize(5)
			.allMatch(n -> n.startsWith("odds-api/game-lines/2026-01-14/"))
			.isSorted();
		assertThat(objects).allSatisfy(o -> assertThat(o.size()).isEqualTo(7));
	}

	/**
	 * Without pages from the fake, the test above could not fail on a listing that
	 * ignores them.
	 */
	@Test
	void theFakeServesPagesAsGcsDoes() {
		Page<Blob> first = storage.list(BUCKET, Storage.BlobListOption.prefix("odds-api/game-lines/2026-01-14/"),
				Storage.BlobListOption.pageSize(2));
		assertThat(first.getValues()).hasSize(2);
		assertThat(first.hasNextPage()).isTrue();
		assertThat(first.getNextPage().getValues()).hasSize(2);
		assertThat(first.getNextPage().getNextPage().getValues()).hasSize(1);
		assertThat(first.getNextPage().getNextPage().hasNextPage()).isFalse();
	}

	@Test
	void readsAnObjectsBytes() throws Exception {
		GcsBlobSource source = new GcsBlobSource(storage, BUCKET);
		BlobObject object = source.list("odds-api/game-lines/2026-01-14/e3").get(0);
		try (InputStream in = source.open(object)) {
			assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":3}");
		}
	}

	@Test
	void readsArePinnedToTheListedGeneration() {
		// the fake keeps no generations, so the pin is checked where we make it: the id
		// every read uses
		GcsBlobSource source = new GcsBlobSource(storage, BUCKET);
		BlobObject listed = new BlobObject("odds-api/x.json", 1768431600123456L, 10, Instant.EPOCH);
		assertThat(source.blobId(listed)).isEqualTo(BlobId.of(BUCKET, "odds-api/x.json", 1768431600123456L));
	}

	@Test
	void findsTheDateFoldersOfEveryEndpoint() {
		assertThat(new GcsBlobSource(storage, BUCKET, 1).listDateFolders()).containsExactly(
				"odds-api/game-lines-history/2026-01-14/", "odds-api/game-lines/2026-01-14/",
				"odds-api/game-lines/2026-01-15/", "odds-api/player-props/2026-01-14/");
	}

	@Test
	void anExistingBucketIsReadable() {
		new GcsBlobSource(storage, BUCKET).checkReadable();
	}

}
