package io.oddsapi.batch.api;

import java.util.HashMap;
import java.util.Map;

import io.oddsapi.batch.OddsProperties;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * Only server mode opens a port: the batch modes run as plain (non-web) applications
 * although the web starters are on the class path; with the {@code local} profile (no
 * authentication) it listens on loopback only. The console's sessions are kept in the job
 * repository's database, their tables created when missing. Either set anywhere else
 * ({@code spring.main.web-application-type}, {@code server.address}) still wins.
 */
public class ServerModeEnvironment implements EnvironmentPostProcessor, Ordered {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		OddsProperties.Mode mode = Binder.get(environment)
			.bind("odds.mode", OddsProperties.Mode.class)
			.orElse(OddsProperties.Mode.CLI);
		Map<String, Object> defaults = new HashMap<>();
		defaults.put("spring.main.web-application-type", mode == OddsProperties.Mode.SERVER ? "servlet" : "none");
		// the console's sessions live in the job repository's database (H2 file or
		// PostgreSQL), whose SPRING_SESSION tables are created when missing
		defaults.put("spring.session.jdbc.initialize-schema", "always");
		if (environment.acceptsProfiles(Profiles.of(ApiSecurityConfiguration.LOCAL_PROFILE))) {
			// the local profile opens the API without authentication: this machine only,
			// unless server.address says
			defaults.put("server.address", "127.0.0.1");
		}
		environment.getPropertySources().addLast(new MapPropertySource("oddsMode", defaults));
	}

	/**
	 * After the configuration files are loaded, so that odds.mode from application.yml
	 * counts.
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
