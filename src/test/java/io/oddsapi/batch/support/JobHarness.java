package io.oddsapi.batch.support;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.oddsapi.batch.OddsBatchApplication;
import io.oddsapi.batch.job.FaultInjector;
import io.oddsapi.batch.job.FaultPoints;
import io.oddsapi.batch.job.RunSummary;
import io.oddsapi.batch.run.DateRunOwner;
import io.oddsapi.batch.run.LaunchOutcome;
import io.oddsapi.batch.source.OddsEndpoint;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The application as a process would run it, on a test's own database and bucket,
 * launched through the same launcher as the command line. Each {@link #start} is a fresh
 * application context: a "relaunch" after a failure is a new context on the same
 * database, as a new process would be.
 */
public final class JobHarness implements AutoCloseable {

	/**
	 * Columns that differ between two runs over the same data by design: publication
	 * times, execution ids.
	 */
	public static final Set<String> RUN_DEPENDENT = Set.of("created_at", "processed_at", "rejected_at", "published_at",
			"execution_id");

	private final ConfigurableApplicationContext context;

	private JobHarness(ConfigurableApplicationContext context) {
		this.context = context;
	}

	public static JobHarness start(Backend.TestDatabase database, Path bucket, String... properties) {
		return start(database, bucket, FaultInjector.NONE, properties);
	}

	public static JobHarness start(Backend.TestDatabase database, Path bucket, FaultInjector faults,
			String... properties) {
		return start(database, bucket, Map.of("faultInjector", faults), properties);
	}

	/**
	 * With beans of the test's own in place of the application's (a fault injector, a
	 * clock...).
	 */
	public static JobHarness start(Backend.TestDatabase database, Path bucket, Map<String, Object> beans,
			String... properties) {
		Map<String, String> all = new LinkedHashMap<>();
		for (String property : List.of("odds.mode=none", "odds.bucket=file:" + bucket.toAbsolutePath(),
				"spring.datasource.url=" + database.url(), "spring.datasource.username=" + database.username(),
				"spring.datasource.password=" + database.password(), "logging.level.io.oddsapi.batch=WARN")) {
			all.put(property.substring(0, property.indexOf('=')), property);
		}
		for (String property : properties) {
			// the test's own win (a repeated argument would be joined, not replaced)
			all.put(property.substring(0, property.indexOf('=')), property);
		}
		// as command-line arguments, so that they win over application.yml as a real
		// launch's would
		ConfigurableApplicationContext context = new SpringApplicationBuilder(OddsBatchApplication.class,
				FaultPoints.class)
			.initializers(ctx -> beans.forEach(ctx.getBeanFactory()::registerSingleton))
			.run(all.values().stream().map(p -> "--" + p).toArray(String[]::new));
		return new JobHarness(context);
	}

	public LaunchOutcome launch(OddsEndpoint endpoint, LocalDate gameDate) {
		return context.getBean(DateRunOwner.class).launch(endpoint, gameDate, "test");
	}

	/** Launches and expects exactly one run, whose summary it returns. */
	public RunSummary run(OddsEndpoint endpoint, LocalDate gameDate) {
		LaunchOutcome outcome = launch(endpoint, gameDate);
		if (outcome.runs().size() != 1) {
			throw new AssertionError("expected one run, got: " + outcome.decision());
		}
		return outcome.runs().get(0);
	}

	public JdbcTemplate jdbc() {
		return context.getBean(JdbcTemplate.class);
	}

	/** A dead holder's lease runs out: moved in the database rather than waited for. */
	public void expireLeases() {
		jdbc().update("UPDATE odds_batch_lock SET lease_expires_at = ?", OffsetDateTime.now().minusMinutes(1));
	}

	/** The application's bean, without the test's fault points around it. */
	public <T> T bean(Class<T> type) {
		T bean = context.getBean(type);
		return bean instanceof FaultPoints.Decorator fault && type.isInstance(fault.decorated())
				? type.cast(fault.decorated()) : bean;
	}

	/**
	 * Every row of a table as text, columns in table order, sorted, without the columns
	 * that differ between runs by design: what "the tables equal a clean run's, row for
	 * row" compares.
	 */
	public List<String> rows(String table) {
		return jdbc().queryForList("SELECT * FROM " + table).stream().map(JobHarness::describe).sorted().toList();
	}

	/** Rows of a table as maps with lower-case column names, in no particular order. */
	public List<Map<String, Object>> rowMaps(String table, String where) {
		return jdbc().queryForList("SELECT * FROM " + table + (where.isEmpty() ? "" : " WHERE " + where))
			.stream()
			.map(row -> {
				Map<String, Object> lower = new LinkedHashMap<>();
				row.forEach((k, v) -> lower.put(k.toLowerCase(), v));
				return lower;
			})
			.toList();
	}

	public long count(String table) {
		Long count = jdbc().queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
		return count == null ? 0 : count;
	}

	/**
	 * A row as the comparisons read it: {@code column=value|...} without the
	 * run-dependent columns.
	 */
	public static String describe(Map<String, Object> row) {
		return row.entrySet()
			.stream()
			.filter(e -> !RUN_DEPENDENT.contains(e.getKey().toLowerCase()))
			.map(e -> e.getKey().toLowerCase() + "=" + TestValues.normalize(e.getValue()))
			.collect(Collectors.joining("|"));
	}

	@Override
	public void close() {
		context.close();
	}

	/** Closes the harness and drops the database. */
	public static void drop(Backend.TestDatabase database) {
		try {
			database.cleanup().run();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
