package io.oddsapi.batch.warehouse.bigquery;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.oddsapi.batch.warehouse.ExistingTable;

/**
 * What the BigQuery warehouse sends to BigQuery: statements and scripts as query jobs,
 * one load job per staging table, and look-ups. Every job carries an id the caller
 * derives from the run and the step, never the execution: a restarted execution submits
 * under the same ids, so it attaches to the jobs its dead predecessor left running or
 * done instead of doing the work twice. Attempts are numbered ({@code <id>_a1},
 * {@code _a2}...): an attempt that failed, in this execution or an earlier one, is
 * followed by the next number.
 */
public interface BigQueryGateway {

	/**
	 * The job that did the work, and how many failed attempts of this execution came
	 * before it.
	 */
	record Attempt(String jobId, int retries) {
	}

	/**
	 * Runs a statement (or a script of several joined by {@code ;}) and waits; fails with
	 * BigQuery's message.
	 */
	Attempt execute(String statement, String jobId);

	/**
	 * Rows inserted and updated by each DML statement of a finished script job, by the
	 * statement's text (BigQuery keeps them in the statistics of the script's child
	 * jobs). Gateways that run nothing know none.
	 */
	default Map<String, DmlCounts> dmlCounts(String scriptJobId) {
		return Map.of();
	}

	record DmlCounts(long inserted, long updated) {
	}

	/**
	 * Loads an Avro file's rows into a table, replacing its content; one load job (per
	 * attempt).
	 */
	Attempt load(String table, LoadFile file, long rowCount, String jobId);

	/** A load file, written again for each attempt. */
	@FunctionalInterface
	interface LoadFile {

		void writeTo(OutputStream out) throws IOException;

	}

	/** Rows of a query, each as column name -> value text. */
	List<Map<String, String>> query(String sql);

	/** The columns (name -> BigQuery type) of a table, empty when it does not exist. */
	Optional<Map<String, String>> columns(String table);

	/**
	 * Whether a view has this name: one look-up, so a table another process creates
	 * meanwhile is never taken for one.
	 */
	default boolean isView(String table) {
		return false;
	}

	/**
	 * A table's columns, which are REQUIRED, and its layout; empty when there is no table
	 * (none, or a view).
	 */
	default Optional<ExistingTable> table(String table) {
		return columns(table).map(types -> new ExistingTable(types, Set.of(), null, List.of(), false));
	}

}
