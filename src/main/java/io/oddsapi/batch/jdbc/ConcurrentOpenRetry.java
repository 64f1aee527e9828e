package io.oddsapi.batch.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * H2 in file mode with AUTO_SERVER lets several processes share the embedded database, but processes that open it in
 * the same instant can find its lock file "recently modified" and be refused, or find the server of a process that
 * is just exiting and have its connection refused. Concurrent launches are the normal case, so connections are retried
 * on those refusals for a few seconds, until one process serves the others.
 */
public class ConcurrentOpenRetry implements BeanPostProcessor {

	private static final Logger log = LoggerFactory.getLogger(ConcurrentOpenRetry.class);

	private static final int ATTEMPTS = 20;

	private static final long PAUSE_MILLIS = 250;

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource && !(bean instanceof Retrying)) {
			return new Retrying(dataSource);
		}
		return bean;
	}

	static boolean refusedBecauseOpening(SQLException ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			String message = String.valueOf(t.getMessage());
			if (message.contains("Lock file recently modified") || message.contains("Database may be already in use")
					|| message.contains("Another process was faster")
					|| (message.contains("Error opening database") && message.contains("Concurrent update"))
					|| t instanceof java.net.ConnectException) {
				return true;
			}
		}
		return false;
	}

	static final class Retrying extends DelegatingDataSource {

		Retrying(DataSource target) {
			super(target);
		}

		@Override
		public Connection getConnection() throws SQLException {
			for (int attempt = 1;; attempt++) {
				try {
					return super.getConnection();
				}
				catch (SQLException ex) {
					if (attempt == ATTEMPTS || !refusedBecauseOpening(ex)) {
						throw ex;
					}
					log.debug("database is being opened by another process, retrying: {}", ex.getMessage());
					pause();
				}
			}
		}

		private static void pause() throws SQLException {
			try {
				Thread.sleep(PAUSE_MILLIS);
			}
			catch (InterruptedException interrupted) {
				Thread.currentThread().interrupt();
				throw new SQLException("interrupted while waiting for the database", interrupted);
			}
		}
	}
}
