package io.oddsapi.batch.warehouse;

import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A launch prepares the tables while another process may hold an open write to them (a
 * holder frozen mid-chunk): preparing tables that exist must not wait for it, and that
 * holder's session must not outlive its lease idle.
 */
class PrepareUnderOpenWritesTests extends FunctionalTest {

	@Test
	void preparingExistingTablesDoesNotWaitForAnOpenWriteToThem() throws Exception {
		JobHarness app = start(database(Backend.POSTGRESQL));
		JdbcWarehouse warehouse = (JdbcWarehouse) app.bean(Warehouse.class);
		warehouse.prepare();
		try (Connection frozen = app.bean(DataSource.class).getConnection();
				Statement write = frozen.createStatement()) {
			frozen.setAutoCommit(false);
			write.executeUpdate("INSERT INTO stg_odds_api_published_objects (run_id, object_index, event_index, "
					+ "row_ordinal) VALUES (7, 0, 0, 0)");
			// CREATE INDEX IF NOT EXISTS would wait for this transaction: the future
			// would never complete
			CompletableFuture<Void> prepared = CompletableFuture.runAsync(warehouse::prepare);
			assertThat(prepared).succeedsWithin(60, TimeUnit.SECONDS);
			frozen.rollback();
		}
	}

	@Test
	void postgresqlSessionsAreNamedAndEndedWhenIdleInATransactionPastTheLease() throws Exception {
		JobHarness app = start(database(Backend.POSTGRESQL), "odds.lock.lease=PT7M");
		try (Connection connection = app.bean(DataSource.class).getConnection();
				Statement query = connection.createStatement();
				var settings = query.executeQuery("SELECT current_setting('idle_in_transaction_session_timeout'), "
						+ "current_setting('application_name')")) {
			settings.next();
			assertThat(settings.getString(1)).isEqualTo("7min");
			assertThat(settings.getString(2)).isEqualTo("oddsapi-batch");
		}
	}

}
