package io.oddsapi.batch.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Runs {@code CREATE ... IF NOT EXISTS} statements that several processes may run at
 * once. PostgreSQL can refuse one of two concurrent creations of the same table even with
 * IF NOT EXISTS (a duplicate in its catalogue); run again, the statement finds the table
 * there. An H2 file shared by processes (AUTO_SERVER) answers "Database is already
 * closed" for a moment when the process serving it exits as another starts: the pool
 * validates a connection again only after it has been idle for half a second (Hikari's
 * bypass window), so the attempts are spaced wider than that, and the next one gets a
 * connection to whichever process serves the file now.
 */
public final class IdempotentDdl {

	private static final RetryTemplate RETRY = new RetryTemplate(RetryPolicy.builder()
		.maxRetries(7)
		.delay(Duration.ofMillis(600))
		.includes(DataAccessException.class)
		.build());

	private IdempotentDdl() {
	}

	public static void execute(JdbcTemplate jdbc, String statement) {
		RETRY.invoke(() -> jdbc.execute(statement));
	}

	/**
	 * Creates each index of {@code indexes} (name to its parenthesised columns) that the
	 * catalogue lacks: on PostgreSQL, CREATE INDEX IF NOT EXISTS takes the table's lock
	 * before it looks, and would wait on other processes' writes at every start.
	 */
	public static void ensureIndexes(JdbcTemplate jdbc, String table, Map<String, String> indexes) {
		Set<String> present = indexesOf(jdbc, table);
		indexes.forEach((name, columns) -> {
			if (!present.contains(name)) {
				execute(jdbc, "CREATE INDEX IF NOT EXISTS " + name + " ON " + table + " " + columns);
			}
		});
	}

	/** The table's indexes, lower-case, as the connection's schema has them. */
	public static Set<String> indexesOf(JdbcTemplate jdbc, String table) {
		return jdbc.execute((ConnectionCallback<Set<String>>) connection -> {
			Set<String> names = new HashSet<>();
			DatabaseMetaData metadata = connection.getMetaData();
			for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
				try (ResultSet rs = metadata.getIndexInfo(null, connection.getSchema(), name, false, true)) {
					while (rs.next()) {
						String index = rs.getString("INDEX_NAME");
						if (index != null) {
							names.add(index.toLowerCase(Locale.ROOT));
						}
					}
				}
			}
			return names;
		});
	}

}
