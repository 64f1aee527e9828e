package io.oddsapi.batch.warehouse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQueryOptions;
import io.oddsapi.batch.warehouse.bigquery.BigQueryGateway;
import io.oddsapi.batch.warehouse.bigquery.BigQueryProperties;
import io.oddsapi.batch.warehouse.bigquery.BigQuerySql;
import io.oddsapi.batch.warehouse.bigquery.BigQueryWarehouse;
import io.oddsapi.batch.warehouse.bigquery.ClientBigQueryGateway;
import io.oddsapi.batch.warehouse.bigquery.DryRunGateway;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The warehouse chosen by {@code odds.warehouse}: {@code jdbc} (default) on the application's database;
 * {@code bigquery}, spooling chunks in the application's database and publishing to BigQuery, or only writing what
 * it would send to the file {@code odds.dry-run} names.
 */
@Configuration(proxyBeanMethods = false)
public class WarehouseConfiguration {

	@Bean
	Warehouse warehouse(DataSource dataSource, RowTables rowTables, @Value("${odds.warehouse:jdbc}") String kind,
			@Value("${odds.dry-run:}") String dryRun, BigQueryProperties bigQuery,
			ObjectProvider<BigQueryGateway> testGateway) throws SQLException {
		SqlDialect dialect;
		try (Connection connection = dataSource.getConnection()) {
			dialect = SqlDialect.forProductName(connection.getMetaData().getDatabaseProductName());
		}
		JdbcWarehouse jdbc = new JdbcWarehouse(new JdbcTemplate(dataSource), rowTables, dialect);
		return switch (kind) {
			case "jdbc" -> jdbc;
			case "bigquery" -> new BigQueryWarehouse(jdbc,
					testGateway.getIfAvailable(() -> gateway(bigQuery, dryRun)), new BigQuerySql(bigQuery.dataset()));
			default -> throw new IllegalStateException("odds.warehouse=" + kind + ": expected jdbc or bigquery");
		};
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
				properties.retryBackoff());
	}
}
