package io.oddsapi.batch.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The databases every functional test runs on: H2 in file mode, and PostgreSQL where it
 * is reachable.
 */
public enum Backend {

	H2, POSTGRESQL;

	public static final String POSTGRES_URL = System.getenv()
		.getOrDefault("ODDS_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");

	/** A fresh, empty database for one test; closed by dropping it. */
	public TestDatabase create(Path tempDir) {
		if (this == H2) {
			return new TestDatabase(
					"jdbc:h2:file:" + tempDir.resolve("h2/odds").toAbsolutePath()
							+ ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=10000;WRITE_DELAY=0;AUTO_RECONNECT=TRUE",
					"sa", "", () -> {
					});
		}
		String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		try (Connection c = DriverManager.getConnection(POSTGRES_URL, "postgres", "");
				Statement s = c.createStatement()) {
			s.execute("CREATE SCHEMA " + schema);
		}
		catch (SQLException ex) {
			RequiredServices
				.unavailable("PostgreSQL is not reachable at " + POSTGRES_URL + " (" + ex.getMessage() + ")");
		}
		return new TestDatabase(POSTGRES_URL + "?currentSchema=" + schema, "postgres", "", () -> {
			try (Connection c = DriverManager.getConnection(POSTGRES_URL, "postgres", "");
					Statement s = c.createStatement()) {
				s.execute("DROP SCHEMA " + schema + " CASCADE");
			}
		});
	}

	/** A JDBC URL and how to throw the database away. */
	public record TestDatabase(String url, String username, String password, Cleanup cleanup) {

		public interface Cleanup {

			void run() throws SQLException;

		}
	}

}
