package io.oddsapi.batch.api;

import java.util.Map;

import io.oddsapi.batch.OddsProperties;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Only server mode opens a port: the batch modes run as plain (non-web) applications although the web starters are on
 * the class path. A {@code spring.main.web-application-type} set anywhere else still wins.
 */
public class ServerModeEnvironment implements EnvironmentPostProcessor, Ordered {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		OddsProperties.Mode mode = Binder.get(environment)
			.bind("odds.mode", OddsProperties.Mode.class)
			.orElse(OddsProperties.Mode.CLI);
		environment.getPropertySources()
			.addLast(new MapPropertySource("oddsMode", Map.of("spring.main.web-application-type",
					mode == OddsProperties.Mode.SERVER ? "servlet" : "none")));
	}

	/** After the configuration files are loaded, so that odds.mode from application.yml counts. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}
}
