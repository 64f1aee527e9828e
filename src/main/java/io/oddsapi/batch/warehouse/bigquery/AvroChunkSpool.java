package io.oddsapi.batch.warehouse.bigquery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.oddsapi.batch.jdbc.IdempotentDdl;
import io.oddsapi.batch.warehouse.StagePosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The BigQuery warehouse's staging: each chunk's rows of a table, already written as the
 * Avro its load sends, kept in the job repository's database in the chunk's own
 * transaction, so a restart resumes from the chunk's committed position exactly as the
 * JDBC warehouse's staging does. Publishing copies the kept Avro blocks into the load
 * file without decoding them: the rows are read once, from the bucket, never back from a
 * spool.
 * <p>
 * A chunk's rows start at its first (object, event) and a committed position always falls
 * between chunks, so the chunks staged after a restart position are exactly those
 * starting at or after it.
 */
final class AvroChunkSpool {

	private static final Logger log = LoggerFactory.getLogger(AvroChunkSpool.class);

	static final String TABLE = "odds_bq_staged_chunk";

	private static final String AFTER = "(first_object > ? OR (first_object = ? AND first_event >= ?))";

	private final JdbcTemplate jdbc;

	private final String binaryType;

	AvroChunkSpool(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
		try (Connection connection = dataSource.getConnection()) {
			this.binaryType = connection.getMetaData().getDatabaseProductName().equals("PostgreSQL") ? "BYTEA" : "BLOB";
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot reach the job repository's database: " + ex.getMessage(), ex);
		}
	}

	void prepare() {
		IdempotentDdl.execute(jdbc, "CREATE TABLE IF NOT EXISTS " + TABLE + " (run_id BIGINT NOT NULL,"
				+ " table_name VARCHAR(128) NOT NULL, first_object INTEGER NOT NULL, first_event INTEGER NOT NULL,"
				+ " last_object INTEGER NOT NULL, last_event INTEGER NOT NULL, row_count BIGINT NOT NULL, avro "
				+ binaryType + " NOT NULL, PRIMARY KEY (run_id, table_name, first_object, first_event))");
	}

	/**
	 * One chunk's rows of {@code table}, from its first to its last (object, event), as
	 * an Avro file.
	 */
	void add(long runId, String table, StagePosition first, StagePosition last, long rowCount, byte[] avro) {
		jdbc.update(
				"INSERT INTO " + TABLE + " (run_id, table_name, first_object, first_event, last_object,"
						+ " last_event, row_count, avro) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
				runId, table, first.objectIndex(), first.eventIndex(), last.objectIndex(), last.eventIndex(), rowCount,
				avro);
	}

	/**
	 * Drops the chunks staged at or after {@code from}: what a failed execution staged
	 * past its last commit.
	 */
	void discard(long runId, StagePosition from) {
		Long straddling = jdbc.queryForObject(
				"SELECT COUNT(*) FROM " + TABLE + " WHERE run_id = ? AND NOT " + AFTER
						+ " AND (last_object > ? OR (last_object = ? AND last_event >= ?))",
				Long.class, runId, from.objectIndex(), from.objectIndex(), from.eventIndex(), from.objectIndex(),
				from.objectIndex(), from.eventIndex());
		if (straddling != null && straddling > 0) {
			throw new IllegalStateException("run " + runId + " has a staged chunk spanning its restart position " + from
					+ ": a chunk's rows commit with its position, so this spool was changed by hand");
		}
		int discarded = jdbc.update("DELETE FROM " + TABLE + " WHERE run_id = ? AND " + AFTER, runId,
				from.objectIndex(), from.objectIndex(), from.eventIndex());
		if (discarded > 0) {
			log.info("discarded {} uncommitted staged chunks of run {}", discarded, runId);
		}
	}

	long rowCount(long runId, String table) {
		Long count = jdbc.queryForObject(
				"SELECT COALESCE(SUM(row_count), 0) FROM " + TABLE + " WHERE run_id = ? AND table_name = ?", Long.class,
				runId, table);
		return count == null ? 0 : count;
	}

	/**
	 * Hands each of the run's chunks of {@code table}, in staging order, to {@code chunk}
	 * as it is read.
	 */
	void forEach(long runId, String table, ChunkReader chunk) {
		jdbc.query("SELECT avro FROM " + TABLE + " WHERE run_id = ? AND table_name = ? ORDER BY first_object,"
				+ " first_event", rs -> {
					try (InputStream in = rs.getBinaryStream(1)) {
						chunk.read(in);
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				}, runId, table);
	}

	void clear(long runId, String table) {
		jdbc.update("DELETE FROM " + TABLE + " WHERE run_id = ? AND table_name = ?", runId, table);
	}

	interface ChunkReader {

		void read(InputStream avro) throws IOException;

	}

}
