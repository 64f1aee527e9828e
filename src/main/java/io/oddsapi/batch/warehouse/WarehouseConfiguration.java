package io.oddsapi.batch.warehouse;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;


import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The JDBC warehouse on the application's database, its dialect read from the connection. */
@Configuration(proxyBeanMethods = false)
public class WarehouseConfiguration {

	@Bean
	Warehouse warehouse(DataSource dataSource, RowTables rowTables) throws SQLException {
		SqlDialect dialect;
		try (Connection connection = dataSource.getConnection()) {
			dialect = SqlDialect.forProductName(connection.getMetaData().getDatabaseProductName());
		}
		return new JdbcWarehouse(new JdbcTemplate(dataSource), rowTables, dialect);
	}
}
