package io.oddsapi.batch.lock;

import java.nio.file.Path;

import com.zaxxer.hikari.HikariDataSource;
import io.oddsapi.batch.support.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The lock contract on a table, in H2 and in PostgreSQL. */
class JdbcBatchLockTests {

	abstract static class OnBackend extends BatchLockContractTests {

		@TempDir
		Path tempDir;

		private Backend.TestDatabase database;

		private HikariDataSource dataSource;

		private JdbcBatchLock lock;

		abstract Backend backend();

		@Override
		protected BatchLock lock() {
			return lock;
		}

		@BeforeEach
		void create() {
			database = backend().create(tempDir);
			dataSource = new HikariDataSource();
			dataSource.setJdbcUrl(database.url());
			dataSource.setUsername(database.username());
			dataSource.setPassword(database.password());
			lock = new JdbcBatchLock(dataSource, clock);
			lock.createTable();
		}

		@AfterEach
		void drop() throws Exception {
			if (dataSource != null) {
				dataSource.close();
				database.cleanup().run();
			}
		}

	}

	@Nested
	class OnH2 extends OnBackend {

		@Override
		Backend backend() {
			return Backend.H2;
		}

	}

	@Nested
	class OnPostgreSQL extends OnBackend {

		@Override
		Backend backend() {
			return Backend.POSTGRESQL;
		}

	}

}
