package io.oddsapi.batch.launch;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.oddsapi.batch.OddsProperties;
import io.oddsapi.batch.api.ApiProperties;
import io.oddsapi.batch.coverage.CoverageProperties;
import io.oddsapi.batch.lock.FirestoreBatchLock;
import io.oddsapi.batch.lock.LockProperties;
import io.oddsapi.batch.signal.NotifyProperties;
import io.oddsapi.batch.warehouse.bigquery.BigQueryProperties;
import io.oddsapi.batch.warehouse.bigquery.BigQuerySql;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files in job-config/deploy and docker-compose.yml, which no test can run
 * here (no Google Cloud, no Docker): each is checked for what would otherwise fail in
 * silence: a mistyped variable (ignored by the application), a host no service answers
 * to, a push endpoint the server does not serve, a script that does not parse.
 */
public class DeploymentFilesTest {

	static final String NOTIFICATIONS_PATH = "/api/v1/notifications/gcs";

	/**
	 * Variables the application reads: odds.* properties in relaxed form, the plan's, and
	 * the Spring ones we set.
	 */
	static Set<String> known() {
		Set<String> names = new HashSet<>(Set.of("ODDS_ENDPOINT", "ODDS_GAME_DATE", "ODDS_FROM", "ODDS_TO",
				"ODDS_FAULT_HALT", "ODDS_WAREHOUSE", "ODDS_DRY_RUN", "SPRING_PROFILES_ACTIVE", "SPRING_DATASOURCE_URL",
				"SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD", "SERVER_PORT", "SERVER_ADDRESS", "PORT"));
		add(names, "ODDS_", OddsProperties.class);
		add(names, "ODDS_LOCK_", LockProperties.class);
		add(names, "ODDS_BIGQUERY_", BigQueryProperties.class);
		add(names, "ODDS_API_", ApiProperties.class);
		add(names, "ODDS_API_OIDC_", ApiProperties.Oidc.class);
		add(names, "ODDS_SWEEP_", SweepProperties.class);
		add(names, "ODDS_NOTIFY_", NotifyProperties.class);
		add(names, "ODDS_COVERAGE_", CoverageProperties.class);
		return names;
	}

	private static void add(Set<String> names, String prefix, Class<? extends Record> properties) {
		for (RecordComponent component : properties.getRecordComponents()) {
			names.add(prefix + component.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
		}
	}

	@SuppressWarnings("unchecked")
	public static <T> T at(Object yaml, Object... path) {
		Object node = yaml;
		for (Object step : path) {
			node = step instanceof Integer i ? ((List<Object>) node).get(i) : ((Map<String, Object>) node).get(step);
		}
		return (T) node;
	}

	public static Map<String, Object> load(String file) throws IOException {
		try (InputStream in = Files.newInputStream(Path.of(file))) {
			return new Yaml().load(in);
		}
	}

	private static Map<String, String> env(List<Map<String, Object>> env) {
		Map<String, String> values = new LinkedHashMap<>();
		env.forEach(e -> values.put((String) e.get("name"), String.valueOf(e.get("value"))));
		return values;
	}

	private static void assertKnown(Set<String> names) {
		Set<String> known = known();
		assertThat(names).isNotEmpty()
			.allSatisfy(name -> assertThat(known).as(name + " is read by the application").contains(name));
	}

	@Test
	void theCloudRunJobRunsInCloudRunModeWithVariablesTheApplicationReads() throws IOException {
		Map<String, Object> job = load("job-config/deploy/cloud-run-job.yaml");
		assertThat(job).containsEntry("kind", "Job");
		Map<String, Object> task = at(job, "spec", "template", "spec", "template", "spec");
		assertThat(task.get("maxRetries")).isEqualTo(3);
		Map<String, String> env = env(at(task, "containers", 0, "env"));
		assertThat(env).containsEntry("ODDS_MODE", "cloud-run");
		assertKnown(env.keySet());
	}

	@Test
	void theSweepJobRunsSweepModeAndCloudSchedulerRunsIt() throws Exception {
		Map<String, Object> job = load("job-config/deploy/cloud-run-sweep-job.yaml");
		assertThat(job).containsEntry("kind", "Job");
		String name = at(job, "metadata", "name");
		Map<String, String> env = env(at(job, "spec", "template", "spec", "template", "spec", "containers", 0, "env"));
		assertThat(env).containsEntry("ODDS_MODE", "sweep")
			.containsKey("ODDS_SWEEP_DAYS")
			.doesNotContainKey("ODDS_GAME_DATE");
		assertKnown(env.keySet());
		Process bash = new ProcessBuilder("bash", "-n", "job-config/deploy/cloud-scheduler-sweep.sh")
			.redirectErrorStream(true)
			.start();
		assertThat(bash.waitFor()).as(new String(bash.getInputStream().readAllBytes())).isZero();
		assertThat(Files.readString(Path.of("job-config/deploy/cloud-scheduler-sweep.sh")))
			.contains("JOB=${JOB:-" + name + "}")
			.contains("jobs/${JOB}:run")
			.contains("--oauth-service-account-email");
	}

	@Test
	void theCloudRunServiceRunsServerModeWithCpuBetweenRequestsAndOidc() throws IOException {
		Map<String, Object> service = load("job-config/deploy/cloud-run-service.yaml");
		assertThat(service).containsEntry("kind", "Service");
		Map<String, Object> annotations = at(service, "spec", "template", "metadata", "annotations");
		assertThat(annotations).as("runs outlive the call that launched them")
			.containsEntry("run.googleapis.com/cpu-throttling", "false");
		Map<String, Object> container = at(service, "spec", "template", "spec", "containers", 0);
		Map<String, String> env = env(at(container, "env"));
		assertThat(env).containsEntry("ODDS_MODE", "server")
			.containsKey("ODDS_API_OIDC_AUDIENCES")
			.containsKey("ODDS_API_OIDC_ALLOWED_EMAILS")
			.as("the console signs in with the token, from Secret Manager")
			.containsKey("ODDS_API_TOKEN");
		assertThat((String) at(container, "startupProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
		assertKnown(env.keySet());
	}

	@Test
	void theSetupScriptsParseAndAgreeWithTheApplication() throws Exception {
		for (String script : List.of("gcs-notifications.sh", "bigquery-dataset.sh", "firestore-ttl.sh")) {
			Process bash = new ProcessBuilder("bash", "-n", "job-config/deploy/" + script).redirectErrorStream(true)
				.start();
			String output = new String(bash.getInputStream().readAllBytes());
			assertThat(bash.waitFor()).as(script + ": " + output).isZero();
		}
		String notifications = Files.readString(Path.of("job-config/deploy/gcs-notifications.sh"));
		assertThat(notifications).contains("PUSH_PATH=" + NOTIFICATIONS_PATH)
			.contains("--push-auth-token-audience")
			.contains("--event-types=OBJECT_FINALIZE");
		String dataset = Files.readString(Path.of("job-config/deploy/bigquery-dataset.sh"));
		assertThat(dataset).as("data rights on the dataset, not the project")
			.contains("GRANT \\`roles/bigquery.dataEditor\\` ON SCHEMA \\`$PROJECT.$DATASET\\`")
			.doesNotContain("--role=roles/bigquery.dataEditor")
			.as("the staging tables' expiration as BigQuerySql sets it: 168 hours")
			.contains("expire by themselves a week after");
		assertThat(BigQuerySql.STAGING_EXPIRATION).contains("INTERVAL 168 HOUR");
		var expireAt = FirestoreBatchLock.class.getDeclaredField("EXPIRE_AT");
		expireAt.setAccessible(true);
		assertThat(Files.readString(Path.of("job-config/deploy/firestore-ttl.sh")))
			.contains("LOCK_EXPIRY_FIELD=" + expireAt.get(null))
			.contains("COLLECTION=${COLLECTION:-" + new LockProperties(Duration.ofMinutes(5),
					LockProperties.Provider.FIRESTORE, "batch_processing_locks", null, null)
				.collection() + "}");
	}

	@Test
	void dockerComposeWiresTheAppToServicesThatExistWithVariablesItReads() throws IOException {
		Map<String, Object> compose = load("docker-compose.yml");
		Map<String, Object> services = at(compose, "services");
		assertThat(services).containsKeys("postgres", "gcs", "firestore", "pubsub", "bigquery", "app");
		Map<String, Object> environment = at(services, "app", "environment");
		assertThat(environment).containsEntry("ODDS_MODE", "server");
		assertKnown(environment.keySet());

		Set<String> pointedAt = new HashSet<>();
		Pattern host = Pattern.compile("(?:^|//)([a-z][a-z0-9-]*):(\\d+)");
		for (Object value : environment.values()) {
			Matcher m = host.matcher(String.valueOf(value));
			while (m.find()) {
				pointedAt.add(m.group(1));
			}
		}
		assertThat(pointedAt).containsExactlyInAnyOrder("postgres", "gcs", "bigquery", "firestore");
		Map<String, Object> dependsOn = at(services, "app", "depends_on");
		assertThat(services).containsKeys(pointedAt.toArray(String[]::new));
		assertThat(dependsOn).containsKeys(pointedAt.toArray(String[]::new));

		List<String> init = new ArrayList<>(at(services, "pubsub-init", "command"));
		assertThat(String.join(" ", init)).contains("\"pushEndpoint\":\"http://app:8080" + NOTIFICATIONS_PATH + "\"")
			.contains("topics/odds-files");
		List<String> gcs = at(services, "gcs", "command");
		assertThat(String.join(" ", gcs)).contains("-event.pubsub-topic odds-files");

		// the warehouse is this project's local BigQuery, by the Maven profile that
		// starts it, on the port the app uses
		List<String> bigQuery = at(services, "bigquery", "command");
		assertThat(bigQuery).contains("./mvnw", "-Plocal-bigquery", "-Dlocal-bigquery.host=0.0.0.0",
				"-Dlocal-bigquery.port=9050");
		assertThat(environment).containsEntry("ODDS_BIGQUERY_EMULATOR_HOST", "http://bigquery:9050");
		assertThat(Files.readString(Path.of("pom.xml"))).contains("<id>local-bigquery</id>")
			.contains("<argument>--host=${local-bigquery.host}</argument>");
		// issue 14: nothing of the stack (an open API, PostgreSQL's password, emulators)
		// is reachable from outside
		for (String service : services.keySet()) {
			Map<String, Object> definition = at(services, service);
			if (definition.get("ports") instanceof List<?> ports) {
				assertThat(ports).as(service).allSatisfy(port -> assertThat(port.toString()).startsWith("127.0.0.1:"));
			}
		}
		assertThat(environment).as("the app itself listens on all of its container's interfaces")
			.containsEntry("SERVER_ADDRESS", "0.0.0.0");
	}

	@Test
	void pushesNoRetryCanFixEndOnADeadLetterTopic() throws IOException {
		String script = Files.readString(Path.of("job-config/deploy/gcs-notifications.sh"));
		assertThat(script).contains("--dead-letter-topic=\"$DEAD_LETTER_TOPIC\"")
			.contains("--max-delivery-attempts=\"$MAX_DELIVERY_ATTEMPTS\"")
			.contains("MAX_DELIVERY_ATTEMPTS=${MAX_DELIVERY_ATTEMPTS:-10}")
			.contains("roles/pubsub.publisher")
			.contains("roles/pubsub.subscriber");
	}

}
