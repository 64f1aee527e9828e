package io.oddsapi.batch.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.oddsapi.batch.source.BlobObject;

/**
 * The objects a run reads, frozen when the run lists its date: a restart reads exactly
 * these, even if more landed since (they are the next run's). Kept in the job execution
 * context as text, one object a line.
 *
 * @param ignored names under the date folder that are not scrapes
 * @param alreadyPublished scrapes the ledger holds at the same generation, left out
 */
public record Manifest(List<BlobObject> objects, int ignored, int alreadyPublished) {

	public static final Manifest EMPTY = new Manifest(List.of(), 0, 0);

	public String encode() {
		StringBuilder out = new StringBuilder().append(ignored).append('\t').append(alreadyPublished).append('\n');
		for (BlobObject o : objects) {
			out.append(o.name())
				.append('\t')
				.append(o.generation())
				.append('\t')
				.append(o.size())
				.append('\t')
				.append(o.createdAt().toEpochMilli())
				.append('\n');
		}
		return out.toString();
	}

	public static Manifest decode(String text) {
		String[] lines = text.split("\n");
		List<BlobObject> objects = new ArrayList<>();
		for (int i = 1; i < lines.length; i++) {
			String[] f = lines[i].split("\t");
			objects.add(new BlobObject(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]),
					Instant.ofEpochMilli(Long.parseLong(f[3]))));
		}
		String[] counts = lines[0].split("\t");
		return new Manifest(List.copyOf(objects), Integer.parseInt(counts[0]), Integer.parseInt(counts[1]));
	}
}
