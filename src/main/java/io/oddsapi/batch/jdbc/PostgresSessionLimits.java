package io.oddsapi.batch.jdbc;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * PostgreSQL sessions of this application: named {@code oddsapi-batch} in
 * {@code pg_stat_activity} (unless the URL names them), and ended by the server when a
 * transaction sits idle longer than the lock's lease. A holder frozen mid-transaction (a
 * paused VM, SIGSTOP) keeps its row and table locks while it is frozen; without the limit
 * the launch that takes over after the lease would wait on those locks for as long as the
 * freeze lasts. A live run never idles that long inside a transaction: it reads an object
 * or a chunk between two statements.
 */
public class PostgresSessionLimits implements BeanPostProcessor {

	static final String APPLICATION_NAME = "oddsapi-batch";

	private final Duration idleInTransaction;

	public PostgresSessionLimits(Duration idleInTransaction) {
		this.idleInTransaction = idleInTransaction;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null
				&& hikari.getJdbcUrl().startsWith("jdbc:postgresql:")) {
			if (hikari.getConnectionInitSql() == null) {
				hikari
					.setConnectionInitSql("SET idle_in_transaction_session_timeout = " + idleInTransaction.toMillis());
			}
			if (!hikari.getJdbcUrl().contains("ApplicationName=")) {
				hikari.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
			}
		}
		return bean;
	}

}
