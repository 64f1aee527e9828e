package io.oddsapi.batch.job;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.oddsapi.batch.source.BlobObject;
import io.oddsapi.batch.source.BlobSource;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.source.OddsObjectName;
import io.oddsapi.batch.warehouse.PublishedVersion;
import io.oddsapi.batch.warehouse.WarehouseWriter;

/**
 * Lists an endpoint's date once and keeps what a run must read: scrape objects that the
 * ledger does not hold at the same generation and size. Other names ({@code .tmp},
 * non-JSON, deeper folders) are counted and left out.
 */
public class ManifestBuilder {

	private final BlobSource source;

	private final WarehouseWriter warehouse;

	public ManifestBuilder(BlobSource source, WarehouseWriter warehouse) {
		this.source = source;
		this.warehouse = warehouse;
	}

	public Manifest build(OddsEndpoint endpoint, LocalDate gameDate) {
		Map<String, PublishedVersion> published = warehouse.publishedObjects(gameDate, endpoint.folder());
		List<BlobObject> pending = new ArrayList<>();
		int ignored = 0;
		int alreadyPublished = 0;
		for (BlobObject object : source.list(OddsObjectName.datePrefix(endpoint, gameDate))) {
			boolean scrape = OddsObjectName.parse(object.name())
				.filter(n -> n.endpoint() == endpoint && n.gameDate().equals(gameDate))
				.isPresent();
			if (!scrape) {
				ignored++;
			}
			else if (new PublishedVersion(object.generation(), object.size()).equals(published.get(object.name()))) {
				alreadyPublished++;
			}
			else {
				pending.add(object);
			}
		}
		return new Manifest(List.copyOf(pending), ignored, alreadyPublished);
	}

}
