package io.oddsapi.batch.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

import io.oddsapi.batch.odds.HistoricalEnvelope;
import io.oddsapi.batch.odds.OddsEvent;
import io.oddsapi.batch.odds.OddsFileParser;
import io.oddsapi.batch.odds.OddsFileRejectedException;
import io.oddsapi.batch.odds.PriceFormat;
import io.oddsapi.batch.odds.SnapshotContext;
import io.oddsapi.batch.source.BlobObject;
import io.oddsapi.batch.source.BlobSource;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.source.OddsObjectName;
import tools.jackson.core.exc.JacksonIOException;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads the events of the manifest's objects in order, one event at a time. Each object
 * is validated in full first (so a broken one is rejected before any of its rows is
 * staged), then handed out event by event. The position, object index and event index, is
 * saved at every commit; a restart reopens that object and skips the events already
 * staged.
 */
public class ManifestEventReader implements ItemStreamReader<SourceItem> {

	static final String OBJECT_KEY = "reader.object";

	static final String EVENT_KEY = "reader.event";

	private final BlobSource source;

	private final Manifest manifest;

	private final OddsEndpoint endpoint;

	private final LocalDate gameDate;

	private final PriceFormat priceFormatOverride;

	private int objectIndex;

	private int eventIndex;

	private OddsFileParser.Events cursor;

	private SnapshotContext context;

	public ManifestEventReader(BlobSource source, Manifest manifest, OddsEndpoint endpoint, LocalDate gameDate,
			PriceFormat priceFormatOverride) {
		this.source = source;
		this.manifest = manifest;
		this.endpoint = endpoint;
		this.gameDate = gameDate;
		this.priceFormatOverride = priceFormatOverride;
	}

	@Override
	public void open(ExecutionContext executionContext) {
		objectIndex = executionContext.getInt(OBJECT_KEY, 0);
		eventIndex = executionContext.getInt(EVENT_KEY, 0);
	}

	@Override
	public void update(ExecutionContext executionContext) {
		executionContext.putInt(OBJECT_KEY, objectIndex);
		executionContext.putInt(EVENT_KEY, eventIndex);
	}

	@Override
	public SourceItem read() {
		while (objectIndex < manifest.objects().size()) {
			BlobObject object = manifest.objects().get(objectIndex);
			if (cursor == null) {
				try {
					openObject(object);
				}
				catch (OddsFileRejectedException ex) {
					SourceItem rejected = new SourceItem.Rejected(objectIndex, object, ex.getMessage());
					nextObject();
					return rejected;
				}
			}
			var event = readEvent(object);
			if (event == null) {
				SourceItem end = new SourceItem.ObjectEnd(objectIndex, eventIndex, object);
				nextObject();
				return end;
			}
			return new SourceItem.Event(objectIndex, eventIndex++, event, context);
		}
		return null;
	}

	/**
	 * First pass (validate, learn the price format and envelope), then the second pass up
	 * to the saved event: over the events the scan kept, or the object read again when it
	 * was too large to keep.
	 */
	private void openObject(BlobObject object) {
		OddsFileParser.FileScan scan;
		try (InputStream in = open(object)) {
			scan = OddsFileParser.scan(in);
		}
		catch (IOException ex) {
			throw new ObjectReadException(object.name(), ex);
		}
		PriceFormat format = Objects.requireNonNullElseGet(priceFormatOverride, scan.prices()::detect);
		scan.prices().validate(format);
		context = snapshotContext(object, scan.envelope(), format);
		cursor = scan.replay(() -> open(object));
		for (int skipped = 0; skipped < eventIndex; skipped++) {
			readEvent(object);
		}
	}

	private OddsEvent readEvent(BlobObject object) {
		try {
			return cursor.next();
		}
		catch (JacksonIOException | UncheckedIOException ex) {
			throw new ObjectReadException(object.name(), ex);
		}
		catch (OddsFileRejectedException ex) {
			// the first pass accepted these bytes: they changed under us, which a restart
			// sorts out
			throw new IllegalStateException(object.name() + " changed while it was read: " + ex.getMessage(), ex);
		}
	}

	private InputStream open(BlobObject object) {
		try {
			return source.open(object);
		}
		catch (IOException ex) {
			throw new ObjectReadException(object.name(), ex);
		}
	}

	/**
	 * The snapshot is the wrapper's {@code timestamp} for historical files, else the
	 * capture time in the object name, else the object's creation time.
	 */
	private SnapshotContext snapshotContext(BlobObject object, HistoricalEnvelope envelope, PriceFormat format) {
		Optional<OddsObjectName> name = OddsObjectName.parse(object.name());
		Instant captured = name.map(OddsObjectName::captureTime).orElse(object.createdAt());
		Instant snapshot = envelope.timestamp() != null ? envelope.timestamp() : captured;
		return new SnapshotContext(gameDate, snapshot, envelope.previousTimestamp(), envelope.nextTimestamp(),
				object.name(), endpoint.dataSource(), format, captured,
				name.map(OddsObjectName::snapshotTag).orElse(null));
	}

	private void nextObject() {
		closeCursor();
		objectIndex++;
		eventIndex = 0;
	}

	private void closeCursor() {
		if (cursor != null) {
			cursor.close();
			cursor = null;
		}
	}

	@Override
	public void close() {
		closeCursor();
	}

}
