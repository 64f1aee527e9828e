package io.oddsapi.batch.api;

import io.oddsapi.batch.run.DateRunOwner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Server mode's bounded pool of launch threads, and the warehouse prepared before the
 * first call.
 */
@ServerMode
@Configuration(proxyBeanMethods = false)
class ServerConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ServerConfiguration.class);

	/**
	 * No queue: a claimed date's lease is not renewed until its run starts, so a launch
	 * either gets a thread now or is refused (and its lock given back).
	 */
	@Bean
	ThreadPoolTaskExecutor launchExecutor(ApiProperties properties) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(properties.launchThreads());
		executor.setMaxPoolSize(properties.launchThreads());
		// PooledLaunches' slots bound the runs in flight to the threads: a run submitted
		// as
		// another's thread is still returning to the pool waits in the queue, never
		// refused
		executor.setQueueCapacity(properties.launchThreads());
		executor.setThreadNamePrefix("launch-");
		executor.setWaitForTasksToCompleteOnShutdown(true);
		executor.setAwaitTerminationSeconds(8);
		return executor;
	}

	/**
	 * At start-up rather than on the first call: a warehouse that cannot be prepared
	 * fails the deploy, not a push.
	 */
	@Bean
	ApplicationRunner prepareWarehouse(DateRunOwner owner) {
		return args -> owner.prepareWarehouseOnce();
	}

	/**
	 * Once the server accepts traffic (the warehouse prepared, readiness up), the port it
	 * took: {@code server.port=0} picks a free one, and scripts and process tests read it
	 * here.
	 */
	@EventListener
	void announceReadiness(AvailabilityChangeEvent<ReadinessState> event) {
		if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC
				&& event.getSource() instanceof WebServerApplicationContext web) {
			log.info("server mode: ready on port {}", web.getWebServer().getPort());
		}
	}

}
