package io.oddsapi.batch.coverage;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.oddsapi.batch.odds.GameLineRow;
import io.oddsapi.batch.odds.PlayerPropRow;
import io.oddsapi.batch.source.BlobSource;
import io.oddsapi.batch.warehouse.RowTables;
import io.oddsapi.batch.warehouse.Warehouse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The coverage of a date: its schedule reader and the service every surface and the job's
 * last step use.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CoverageProperties.class)
public class CoverageConfiguration {

	@Bean
	ScheduleReader scheduleReader(BlobSource source, JsonMapper json) {
		return new ScheduleReader(source, json);
	}

	@Bean
	CoverageService coverageService(ScheduleReader scheduleReader, Warehouse warehouse, RowTables rowTables,
			CoverageProperties properties, Clock clock, MeterRegistry meters) {
		CoverageCalculator calculator = new CoverageCalculator(
				rowTables.catalog().forRowType(GameLineRow.class.getSimpleName()).name(),
				rowTables.catalog().forRowType(PlayerPropRow.class.getSimpleName()).name(), properties.due());
		return new CoverageService(scheduleReader, warehouse, warehouse, calculator, clock, meters);
	}

}
