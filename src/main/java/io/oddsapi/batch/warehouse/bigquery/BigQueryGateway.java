package io.oddsapi.batch.warehouse.bigquery;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the BigQuery warehouse sends to BigQuery: statements and scripts as query jobs, one load job per staging
 * table, and look-ups. Every job carries an id the caller derives from the run, so a resubmission attaches to the job
 * already there instead of doing the work twice.
 */
public interface BigQueryGateway {

	/** Runs a statement (or a script of several joined by {@code ;}) and waits; fails with BigQuery's message. */
	void execute(String statement, String jobId);

	/** Loads newline-delimited JSON rows into a table, replacing its content; one load job. */
	void load(String table, List<String> columns, Iterable<String> jsonRows, long rowCount, String jobId);

	/** Rows of a query, each as column name -> value text. */
	List<Map<String, String>> query(String sql);

	/** The columns (name -> BigQuery type) of a table, empty when it does not exist. */
	Optional<Map<String, String>> columns(String table);
}
