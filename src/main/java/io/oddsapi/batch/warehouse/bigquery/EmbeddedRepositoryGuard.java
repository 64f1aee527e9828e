package io.oddsapi.batch.warehouse.bigquery;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * Refuses to start the {@code gcp} profile's BigQuery warehouse on the embedded H2 job
 * repository: in a container it is a file lost when the task ends, so a retried task
 * would find no execution to restart and no spooled rows, and would number its runs from
 * 1 again. A dry run sends nothing and may use it.
 */
public class EmbeddedRepositoryGuard implements EnvironmentPostProcessor, Ordered {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String url = environment.getProperty("spring.datasource.url", "");
		if (environment.acceptsProfiles(Profiles.of("gcp"))
				&& "bigquery".equals(environment.getProperty("odds.warehouse"))
				&& environment.getProperty("odds.dry-run", "").isBlank() && url.startsWith("jdbc:h2:")) {
			throw new IllegalStateException("the gcp profile publishes to BigQuery, but the job repository is the "
					+ "embedded H2 database (" + url + "), a file a container loses when it stops: set "
					+ "spring.datasource.url (SPRING_DATASOURCE_URL) to the PostgreSQL (Cloud SQL) job repository, "
					+ "with spring.datasource.username and spring.datasource.password");
		}
	}

	/**
	 * After the configuration files are loaded, so that the profile's and
	 * application.yml's settings count.
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
