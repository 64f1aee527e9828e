package io.oddsapi.batch.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Where the scraper's objects live: a local folder here, a GCS bucket in the cloud. */
public interface BlobSource {

	/** A short description for logs, such as {@code file:/data/bucket}. */
	String describe();

	/**
	 * Fails with a one-line {@link BlobSourceException} when the source cannot be read at
	 * all.
	 */
	void checkReadable();

	/**
	 * Every object whose name starts with {@code prefix}, at any depth, sorted by name.
	 */
	List<BlobObject> list(String prefix);

	/** Streams the bytes of the listed version of {@code object}. */
	InputStream open(BlobObject object) throws IOException;

	/**
	 * The names of the endpoint/date folders present, for runs that cover a whole bucket.
	 */
	List<String> listDateFolders();

}
