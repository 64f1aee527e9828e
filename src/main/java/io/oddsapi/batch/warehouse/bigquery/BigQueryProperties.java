package io.oddsapi.batch.warehouse.bigquery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code odds.bigquery.*}: where the BigQuery warehouse writes. (The design named
 * spring-cloud-gcp-starter-bigquery; no release of it for Spring Boot 4 can be had, so
 * the client is our own bean, configured here.)
 *
 * @param project the project that runs the jobs and holds the dataset; empty: the
 * credentials' project
 * @param dataset the dataset of the target, staging and ledger tables
 * @param location the dataset's location (US, EU, a region), where jobs run
 * @param retryBackoff the first pause before retrying a statement BigQuery refused for a
 * concurrent update
 * @param emulatorHost the URL of a BigQuery emulator (docker-compose's), used without
 * credentials; empty: Google's
 * @param jobTimeout how long BigQuery may run one query, DML, DDL or script job before it
 * stops it (the job's {@code jobTimeoutMs}); load jobs take none through the client's
 * upload
 */
@ConfigurationProperties("odds.bigquery")
public record BigQueryProperties(String project, @DefaultValue("odds") String dataset,
		@DefaultValue("US") String location, @DefaultValue("PT2S") Duration retryBackoff, String emulatorHost,
		@DefaultValue("PT1H") Duration jobTimeout) {
}
