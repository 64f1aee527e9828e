package io.oddsapi.batch.jdbc;

import java.net.ConnectException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * H2 in file mode with AUTO_SERVER lets several processes share the embedded database,
 * but processes that open it in the same instant can find its lock file "recently
 * modified" and be refused, or find the server of a process that is just exiting and have
 * its connection refused. Concurrent launches are the normal case, so connections are
 * retried on those refusals for a few seconds, until one process serves the others.
 */
public class ConcurrentOpenRetry implements BeanPostProcessor {

	/** 20 attempts, 250 ms apart: a few seconds, until one process serves the others. */
	private static final RetryTemplate RETRY = new RetryTemplate(RetryPolicy.builder()
		.maxRetries(19)
		.delay(Duration.ofMillis(250))
		.predicate(ex -> ex instanceof SQLException refused && refusedBecauseOpening(refused))
		.build());

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
					|| t instanceof ConnectException) {
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
			try {
				return RETRY.execute(Retrying.super::getConnection);
			}
			catch (RetryException ex) {
				Throwable last = ex.getLastException();
				if (last instanceof SQLException refused) {
					throw refused;
				}
				if (last instanceof RuntimeException unexpected) {
					throw unexpected;
				}
				throw new SQLException(ex.getMessage(), last);
			}
		}

	}

}
