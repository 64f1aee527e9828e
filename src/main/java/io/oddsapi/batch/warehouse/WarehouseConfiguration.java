package io.oddsapi.batch.warehouse;

import java.sql.SQLException;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The warehouse chosen by {@code odds.warehouse}: {@code jdbc} (default) on the
 * application's database, here; {@code bigquery} in {@code warehouse.bigquery}, which
 * spools in the application's database through a {@link StagingSpool}.
 */
@Configuration(proxyBeanMethods = false)
public class WarehouseConfiguration {

	private static final Set<String> KINDS = Set.of("jdbc", "bigquery");

	WarehouseConfiguration(@Value("${odds.warehouse:jdbc}") String kind) {
		if (!KINDS.contains(kind)) {
			throw new IllegalStateException("odds.warehouse=" + kind + ": expected jdbc or bigquery");
		}
	}

	@Bean
	@ConditionalOnProperty(name = "odds.warehouse", havingValue = "jdbc", matchIfMissing = true)
	Warehouse warehouse(DataSource dataSource, RowTables rowTables) throws SQLException {
		return JdbcWarehouse.on(dataSource, rowTables);
	}

}
