package io.oddsapi.batch.jdbc;

import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.boot.batch.jdbc.autoconfigure.BatchDataSourceScriptDatabaseInitializer;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * Spring Batch's schema, created at start-up as Spring Boot creates it, again when the
 * first attempt failed on a transient failure: processes started together on one H2 file
 * share it through whichever opened it first, and when that process exits mid-script the
 * others' connections are closed under them ("Database is already closed"). The script
 * only creates what is missing, so running it again is harmless.
 */
@Configuration(proxyBeanMethods = false)
class BatchSchemaConfiguration {

	private static final RetryTemplate RETRY = new RetryTemplate(RetryPolicy.builder()
		.maxRetries(4)
		.delay(Duration.ofMillis(600))
		.predicate(TransientFailures::isTransient)
		.build());

	@Bean
	BatchDataSourceScriptDatabaseInitializer batchDataSourceInitializer(DataSource dataSource,
			BatchJdbcProperties properties) {
		return new BatchDataSourceScriptDatabaseInitializer(dataSource, properties) {
			@Override
			public boolean initializeDatabase() {
				return RETRY.invoke(super::initializeDatabase);
			}
		};
	}

}
