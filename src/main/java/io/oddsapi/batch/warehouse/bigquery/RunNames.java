package io.oddsapi.batch.warehouse.bigquery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.util.HexFormat;

import javax.sql.DataSource;

import io.oddsapi.batch.jdbc.IdempotentDdl;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The name of a run in BigQuery, {@code r<instance>_<12 hex digits>}, for its job ids and
 * staging tables. Job instance ids are unique in one job repository only: they start
 * again where a repository is recreated or restored from an older copy, and two
 * repositories (two environments on one dataset, a task that fell back to an empty
 * embedded database) count the same ids. A job id of the instance id alone would attach
 * to another run's jobs, and this run's rows would never be merged. The digits are a hash
 * of the repository's identity (a random id it keeps from its first start) and the run's
 * first execution's creation time: the same for every restart of the run, so a restart
 * still attaches to what its predecessor sent, and different for every other run
 * anywhere.
 */
final class RunNames {

	static final String TABLE = "odds_repository_identity";

	private final JdbcTemplate jdbc;

	private final String executions;

	private volatile String repository;

	/** {@code tablePrefix}: Spring Batch's ({@code spring.batch.jdbc.table-prefix}). */
	RunNames(DataSource dataSource, String tablePrefix) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.executions = tablePrefix + "JOB_EXECUTION";
	}

	/**
	 * Creates the repository's identity at its first start; every later start reads it.
	 */
	void prepare() {
		IdempotentDdl.execute(jdbc, "CREATE TABLE IF NOT EXISTS " + TABLE
				+ " (singleton INTEGER NOT NULL PRIMARY KEY, repository_id VARCHAR(32) NOT NULL)");
		byte[] random = new byte[16];
		new SecureRandom().nextBytes(random);
		try {
			jdbc.update("INSERT INTO " + TABLE + " (singleton, repository_id) VALUES (1, ?)",
					HexFormat.of().formatHex(random));
		}
		catch (DuplicateKeyException alreadyThere) {
			// another process, or an earlier start, created it: theirs stands
		}
		repository = jdbc.queryForObject("SELECT repository_id FROM " + TABLE + " WHERE singleton = 1", String.class);
	}

	String repository() {
		if (repository == null) {
			prepare();
		}
		return repository;
	}

	String of(long runId) {
		Timestamp first = jdbc.queryForObject(
				"SELECT MIN(create_time) FROM " + executions + " WHERE job_instance_id = ?", Timestamp.class, runId);
		if (first == null) {
			throw new IllegalStateException("run " + runId + " has no execution in this job repository");
		}
		String identity = repository() + "/" + runId + "/" + first.toInstant();
		return "r" + runId + "_" + HexFormat.of().formatHex(sha256(identity), 0, 6);
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
