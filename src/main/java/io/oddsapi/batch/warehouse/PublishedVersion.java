package io.oddsapi.batch.warehouse;

/** The version of an object the ledger says was published: its generation and size. */
public record PublishedVersion(long generation, long size) {
}
