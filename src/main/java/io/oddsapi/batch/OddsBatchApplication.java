package io.oddsapi.batch;

import java.time.Clock;
import java.time.Duration;

import io.oddsapi.batch.jdbc.ConcurrentOpenRetry;
import io.oddsapi.batch.jdbc.PostgresSessionLimits;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

@SpringBootApplication
@ConfigurationPropertiesScan
public class OddsBatchApplication {

	@Bean
	static ConcurrentOpenRetry concurrentOpenRetry() {
		return new ConcurrentOpenRetry();
	}

	/** Bound by hand: post-processors come before the configuration properties beans. */
	@Bean
	static PostgresSessionLimits postgresSessionLimits(Environment environment) {
		return new PostgresSessionLimits(
				Binder.get(environment).bind("odds.lock.lease", Duration.class).orElse(Duration.ofMinutes(5)));
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
