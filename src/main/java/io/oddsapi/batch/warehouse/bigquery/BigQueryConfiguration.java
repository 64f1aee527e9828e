package io.oddsapi.batch.warehouse.bigquery;

import java.nio.file.Path;

import javax.sql.DataSource;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQueryOptions;
import io.oddsapi.batch.warehouse.RowTables;
import io.oddsapi.batch.warehouse.Warehouse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code odds.warehouse=bigquery}: spooling chunks in the application's database and
 * publishing to BigQuery, or only writing what it would send to the file
 * {@code odds.dry-run} names. A {@link BigQueryGateway} bean of the test's own takes the
 * client's place.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "odds.warehouse", havingValue = "bigquery")
public class BigQueryConfiguration {

	@Bean
	Warehouse warehouse(DataSource dataSource, RowTables rowTables, @Value("${odds.dry-run:}") String dryRun,
			@Value("${spring.batch.jdbc.table-prefix:BATCH_}") String batchTablePrefix, BigQueryProperties bigQuery,
			ObjectProvider<BigQueryGateway> testGateway) {
		return new BigQueryWarehouse(rowTables, new AvroChunkSpool(dataSource),
				testGateway.getIfAvailable(() -> gateway(bigQuery, dryRun)), new BigQuerySql(bigQuery.dataset()),
				new RunNames(dataSource, batchTablePrefix));
	}

	private static BigQueryGateway gateway(BigQueryProperties properties, String dryRun) {
		if (!dryRun.isBlank()) {
			return new DryRunGateway(Path.of(dryRun));
		}
		BigQueryOptions.Builder options = BigQueryOptions.newBuilder().setLocation(properties.location());
		if (properties.project() != null && !properties.project().isBlank()) {
			options.setProjectId(properties.project());
		}
		if (properties.emulatorHost() != null && !properties.emulatorHost().isBlank()) {
			options.setHost(properties.emulatorHost()).setCredentials(NoCredentials.getInstance());
		}
		return new ClientBigQueryGateway(options.build().getService(), properties.dataset(), properties.location(),
				properties.retryBackoff(), properties.jobTimeout());
	}

}
