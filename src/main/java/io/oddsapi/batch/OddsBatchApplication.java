package io.oddsapi.batch;

import java.time.Clock;

import io.oddsapi.batch.jdbc.ConcurrentOpenRetry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class OddsBatchApplication {

	@Bean
	static ConcurrentOpenRetry concurrentOpenRetry() {
		return new ConcurrentOpenRetry();
	}

	/** Replaceable so that tests can move time past a lease instead of waiting for it. */
	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	public static void main(String[] args) {
		ConfigurableApplicationContext context = SpringApplication.run(OddsBatchApplication.class, args);
		if (context.getBean(OddsProperties.class).mode() != OddsProperties.Mode.SERVER) {
			System.exit(SpringApplication.exit(context));
		}
		// server mode serves until SIGTERM

	}
}
