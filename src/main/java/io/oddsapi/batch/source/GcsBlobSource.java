package io.oddsapi.batch.source;

import java.io.InputStream;
import java.nio.channels.Channels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

import com.google.api.gax.paging.Page;
import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;

/**
 * A GCS bucket. Lists through every page; a listed object keeps its generation, and reads
 * are pinned to it, so a restart reads the same bytes even if the object was overwritten
 * since. Objects are streamed, never buffered whole.
 */
public class GcsBlobSource implements BlobSource {

	static final int PAGE_SIZE = 1000;

	private final Storage storage;

	private final String bucket;

	private final int pageSize;

	public GcsBlobSource(Storage storage, String bucket) {
		this(storage, bucket, PAGE_SIZE);
	}

	GcsBlobSource(Storage storage, String bucket, int pageSize) {
		this.storage = storage;
		this.bucket = bucket;
		this.pageSize = pageSize;
	}

	@Override
	public String describe() {
		return "gs://" + bucket;
	}

	/**
	 * Lists one name: what storage.objectViewer allows (reading the bucket's metadata
	 * would need more).
	 */
	@Override
	public void checkReadable() {
		try {
			storage.list(bucket, Storage.BlobListOption.prefix(OddsObjectName.ROOT),
					Storage.BlobListOption.pageSize(1));
		}
		catch (StorageException ex) {
			String reason = ex.getCode() == 404 ? "does not exist" : ex.getCode() == 403
					? "is not readable with these credentials" : "cannot be listed: " + ex.getMessage();
			throw new BlobSourceException("bucket gs://" + bucket + " " + reason, ex);
		}
	}

	@Override
	public List<BlobObject> list(String prefix) {
		List<BlobObject> objects = new ArrayList<>();
		Page<Blob> pages = storage.list(bucket, Storage.BlobListOption.prefix(prefix),
				Storage.BlobListOption.pageSize(pageSize));
		for (Blob blob : pages.iterateAll()) { // fetches page after page
			if (!blob.isDirectory()) {
				objects.add(toObject(blob));
			}
		}
		objects.sort(Comparator.comparing(BlobObject::name));
		return objects;
	}

	@Override
	public InputStream open(BlobObject object) {
		ReadChannel reader = storage.reader(blobId(object));
		reader.setChunkSize(2 * 1024 * 1024);
		return Channels.newInputStream(reader);
	}

	/**
	 * The id a read uses: the listed generation, so that the bytes cannot change under a
	 * run.
	 */
	BlobId blobId(BlobObject object) {
		return BlobId.of(bucket, object.name(), object.generation() == 0 ? null : object.generation());
	}

	@Override
	public List<String> listDateFolders() {
		TreeSet<String> folders = new TreeSet<>();
		for (String endpoint : childFolders(OddsObjectName.ROOT)) {
			folders.addAll(childFolders(endpoint));
		}
		return List.copyOf(folders);
	}

	private List<String> childFolders(String prefix) {
		List<String> folders = new ArrayList<>();
		Page<Blob> pages = storage.list(bucket, Storage.BlobListOption.prefix(prefix),
				Storage.BlobListOption.currentDirectory(), Storage.BlobListOption.pageSize(pageSize));
		for (Blob blob : pages.iterateAll()) {
			if (blob.isDirectory()) {
				folders.add(blob.getName());
			}
		}
		return folders;
	}

	private static BlobObject toObject(Blob blob) {
		Long generation = blob.getGeneration();
		Instant created = blob.getCreateTimeOffsetDateTime() != null ? blob.getCreateTimeOffsetDateTime().toInstant()
				: Instant.EPOCH;
		return new BlobObject(blob.getName(), generation == null ? 0 : generation,
				blob.getSize() == null ? 0 : blob.getSize(), created);
	}

}
