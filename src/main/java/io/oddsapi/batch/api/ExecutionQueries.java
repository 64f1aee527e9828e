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

	static final int PAGE_SIZE = 20;

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
	 * Ids of the executions whose game date is from {@code from} to {@code to} (either
	 * may be null: open).
	 */
	List<Long> newestFirst(String endpoint, String from, String to, BatchStatus status, int page) {
		StringBuilder sql = new StringBuilder("SELECT e.JOB_EXECUTION_ID FROM ").append(prefix)
			.append("JOB_EXECUTION e JOIN ")
			.append(prefix)
			.append("JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID WHERE i.JOB_NAME = ?");
		List<Object> args = new ArrayList<>(List.of(OddsJobConfiguration.JOB_NAME));
		if (status != null) {
			sql.append(" AND e.STATUS = ?");
			args.add(status.name());
		}
		parameter(sql, args, OddsJobConfiguration.ENDPOINT, "=", endpoint);
		// ISO dates order as their text does
		parameter(sql, args, OddsJobConfiguration.GAME_DATE, ">=", from);
		parameter(sql, args, OddsJobConfiguration.GAME_DATE, "<=", to);
		sql.append(" ORDER BY e.JOB_EXECUTION_ID DESC LIMIT ? OFFSET ?");
		args.add(PAGE_SIZE);
		args.add((long) page * PAGE_SIZE);
		return jdbc.queryForList(sql.toString(), Long.class, args.toArray());
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
