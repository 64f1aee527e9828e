package io.oddsapi.batch.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.oddsapi.batch.source.BlobObject;

/**
 * The objects a run reads, frozen when the run lists its date: a restart reads exactly these, even if more landed
 * since (they are the next run's). Kept in the job execution context as text, one object a line.
 */
public record Manifest(List<BlobObject> objects, int ignored) {

	public String encode() {
		StringBuilder out = new StringBuilder().append(ignored).append('\n');
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
		return new Manifest(List.copyOf(objects), Integer.parseInt(lines[0]));
	}
}
