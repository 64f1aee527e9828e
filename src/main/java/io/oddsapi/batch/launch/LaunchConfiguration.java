package io.oddsapi.batch.launch;

import java.time.Duration;

import io.oddsapi.batch.job.RunningExecutions;
import io.oddsapi.batch.job.ShutdownSignal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What every launch surface shares: the graceful stop on SIGTERM. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SweepProperties.class)
public class LaunchConfiguration {

	/** Cloud Run allows 10 s between SIGTERM and SIGKILL. */
	@Bean
	GracefulShutdown gracefulShutdown(RunningExecutions runningExecutions, ShutdownSignal shutdownSignal) {
		return new GracefulShutdown(runningExecutions, shutdownSignal, Duration.ofSeconds(8));
	}

}
