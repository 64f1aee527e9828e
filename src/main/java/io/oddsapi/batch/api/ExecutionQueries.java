package io.oddsapi.batch.api;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.oddsapi.batch.job.OddsJobConfiguration;

import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Execution ids newest first, filtered by endpoint, date and status: one query on the job
 * repository's tables (the JobRepository API can only walk instances one by one). Filter
 * values are bound, never spliced into the SQL.
 */
@ServerMode
@Component
class ExecutionQueries {

	private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

	private final JdbcTemplate jdbc;

	private final String prefix;

	ExecutionQueries(JdbcTemplate jdbc, @Value("${spring.batch.jdbc.table-prefix:BATCH_}") String prefix) {
		if (!PREFIX.matcher(prefix).matches()) {
			throw new IllegalArgumentException("spring.batch.jdbc.table-prefix '" + prefix + "' is not a table prefix");
		}
		this.jdbc = jdbc;
		this.prefix = prefix;
	}

	/**
	 * Which executions a list shows: any of the values may be null (no filter); the dates
	 * are ISO game dates, from and to both included.
	 */
	record Filter(String endpoint, String from, String to, BatchStatus status) {
	}

	/** A page of the matching executions' ids, newest first. */
	List<Long> newestFirst(Filter filter, int page, int size) {
		List<Object> args = new ArrayList<>();
		String sql = "SELECT e.JOB_EXECUTION_ID " + matching(filter, args)
				+ " ORDER BY e.JOB_EXECUTION_ID DESC LIMIT ? OFFSET ?";
		args.add(size);
		args.add((long) page * size);
		return jdbc.queryForList(sql, Long.class, args.toArray());
	}

	/** How many executions match, on every page. */
	long count(Filter filter) {
		List<Object> args = new ArrayList<>();
		Long count = jdbc.queryForObject("SELECT COUNT(*) " + matching(filter, args), Long.class, args.toArray());
		return count == null ? 0 : count;
	}

	private String matching(Filter filter, List<Object> args) {
		StringBuilder sql = new StringBuilder("FROM ").append(prefix)
			.append("JOB_EXECUTION e JOIN ")
			.append(prefix)
			.append("JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID WHERE i.JOB_NAME = ?");
		args.add(OddsJobConfiguration.JOB_NAME);
		if (filter.status() != null) {
			sql.append(" AND e.STATUS = ?");
			args.add(filter.status().name());
		}
		parameter(sql, args, OddsJobConfiguration.ENDPOINT, "=", filter.endpoint());
		// ISO dates order as their text does
		parameter(sql, args, OddsJobConfiguration.GAME_DATE, ">=", filter.from());
		parameter(sql, args, OddsJobConfiguration.GAME_DATE, "<=", filter.to());
		return sql.toString();
	}

	/**
	 * The ids of every execution of the run (the job instance) {@code executionId} is of.
	 */
	List<Long> ofSameRun(long executionId) {
		return jdbc.queryForList(
				"SELECT o.JOB_EXECUTION_ID FROM " + prefix + "JOB_EXECUTION o JOIN " + prefix
						+ "JOB_EXECUTION e ON e.JOB_INSTANCE_ID = o.JOB_INSTANCE_ID WHERE e.JOB_EXECUTION_ID = ?",
				Long.class, executionId);
	}

	/**
	 * Ids of the executions created from {@code from} (inclusive) to {@code to}
	 * (exclusive), oldest first.
	 */
	List<Long> createdBetween(LocalDateTime from, LocalDateTime to) {
		return jdbc.queryForList("SELECT e.JOB_EXECUTION_ID FROM " + prefix + "JOB_EXECUTION e JOIN " + prefix
				+ "JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID WHERE i.JOB_NAME = ? AND e.CREATE_TIME >= ? "
				+ "AND e.CREATE_TIME < ? ORDER BY e.JOB_EXECUTION_ID", Long.class, OddsJobConfiguration.JOB_NAME, from,
				to);
	}

	/**
	 * Per game date from {@code from} to {@code to}: its executions' statuses, newest
	 * first.
	 */
	Map<String, List<String>> statusesByDate(String from, String to) {
		Map<String, List<String>> byDate = new TreeMap<>();
		jdbc.query("SELECT p.PARAMETER_VALUE, e.STATUS FROM " + prefix + "JOB_EXECUTION e JOIN " + prefix
				+ "JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID JOIN " + prefix
				+ "JOB_EXECUTION_PARAMS p ON "
				+ "p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID WHERE i.JOB_NAME = ? AND p.PARAMETER_NAME = ? AND "
				+ "p.PARAMETER_VALUE >= ? AND p.PARAMETER_VALUE <= ? ORDER BY e.JOB_EXECUTION_ID DESC", rs -> {
					byDate.computeIfAbsent(rs.getString(1), date -> new ArrayList<>()).add(rs.getString(2));
				}, OddsJobConfiguration.JOB_NAME, OddsJobConfiguration.GAME_DATE, from, to);
		return byDate;
	}

	private void parameter(StringBuilder sql, List<Object> args, String name, String comparison, String value) {
		if (value != null) {
			sql.append(" AND EXISTS (SELECT 1 FROM ")
				.append(prefix)
				.append("JOB_EXECUTION_PARAMS p WHERE p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID")
				.append(" AND p.PARAMETER_NAME = ? AND p.PARAMETER_VALUE ")
				.append(comparison)
				.append(" ?)");
			args.add(name);
			args.add(value);
		}
	}

}
