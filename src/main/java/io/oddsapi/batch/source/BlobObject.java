package io.oddsapi.batch.source;

import java.time.Instant;

/**
 * One object as listed: its name, the generation that identifies this version of its
 * bytes (GCS generation, or the modification time of a local file), its size and creation
 * time.
 */
public record BlobObject(String name, long generation, long size, Instant createdAt) {
}
