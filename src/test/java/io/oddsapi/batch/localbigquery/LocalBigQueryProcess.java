package io.oddsapi.batch.localbigquery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.QueryJobConfiguration;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local BigQuery in a process of its own (ZetaSQL's native code can abort the JVM
 * that runs it; this way it takes only the server down), started on a free port for a
 * test, and its {@code /_local/} controls.
 */
public final class LocalBigQueryProcess implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Process process;

	private final int port;

	private final HttpClient http = HttpClient.newHttpClient();

	/** One line of a job as the server lists it. */
	public record JobLine(String id, String type, String state, String parent, String statement, String destination,
			String error, Long jobTimeoutMs) {
	}

	private LocalBigQueryProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	public static LocalBigQueryProcess start(String... args) {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-cp",
						System.getProperty("java.class.path"), LocalBigQuery.class.getName(), "--port=0"));
		command.addAll(List.of(args));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			BufferedReader out = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
			Pattern ready = Pattern.compile("local BigQuery listening on (\\d+)");
			String line;
			StringBuilder seen = new StringBuilder();
			while ((line = out.readLine()) != null) {
				Matcher matcher = ready.matcher(line);
				if (matcher.find()) {
					CompletableFuture
						.runAsync(() -> out.lines().forEach(l -> System.out.println("[local BigQuery] " + l)));
					return new LocalBigQueryProcess(process, Integer.parseInt(matcher.group(1)));
				}
				seen.append(line).append('\n');
			}
			throw new IllegalStateException("the local BigQuery did not start:\n" + seen);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String url() {
		return "http://127.0.0.1:" + port;
	}

	public int port() {
		return port;
	}

	public boolean isAlive() {
		return process.isAlive();
	}

	/** The real client, pointed at this server without credentials. */
	public BigQuery client(String project) {
		return BigQueryOptions.newBuilder()
			.setProjectId(project)
			.setHost(url())
			.setLocation("US")
			.setCredentials(NoCredentials.getInstance())
			.build()
			.getService();
	}

	/**
	 * Latency per kind of job ({@code job} for every job; {@code query}, {@code dml},
	 * {@code ddl}, {@code script}, {@code load}).
	 */
	public void latency(Map<String, String> latencies) {
		post("latency", JSON.writeValueAsString(latencies));
	}

	/**
	 * A fault for the next {@code times} jobs (by id or statement) or requests (by method
	 * and path) containing {@code match}: {@code internalError} / {@code backendError}
	 * (the job fails), {@code running} (held RUNNING for {@code seconds}), {@code gather}
	 * (each job waits until {@code times} jobs have arrived, then all go on at once),
	 * {@code http500} / {@code http503}, {@code reset} (the connection is dropped),
	 * {@code quotaExceeded} / {@code rateLimitExceeded} / {@code jobRateLimitExceeded}
	 * (the job fails with that reason), {@code tooManyDml} (BigQuery's "Too many DML
	 * statements outstanding").
	 */
	public void fault(String match, String action, long seconds, int times) {
		post("faults", JSON
			.writeValueAsString(List.of(Map.of("match", match, "action", action, "seconds", seconds, "times", times))));
	}

	/**
	 * How often a fault ({@code action} on {@code match}) has fired since the last reset.
	 */
	public int hits(String match, String action) {
		return get("faults").path(action + " " + match).asInt(0);
	}

	/**
	 * Lets the jobs a {@code gather} fault on {@code match} holds go on: one more job
	 * that matches, a query.
	 */
	public void release(String match) {
		try {
			client("local-control").query(QueryJobConfiguration.of("SELECT '" + match.replace("'", "\\'") + "'"));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public List<JobLine> jobs() {
		List<JobLine> lines = new ArrayList<>();
		for (JsonNode job : get("jobs")) {
			lines.add(new JobLine(job.path("id").asString(), job.path("type").asString(), job.path("state").asString(),
					job.path("parent").asString(null), job.path("statement").asString(null),
					job.path("destination").asString(null), job.path("error").asString(null),
					job.path("jobTimeoutMs").isMissingNode() ? null : job.path("jobTimeoutMs").asLong()));
		}
		return lines;
	}

	/**
	 * The first job that {@code wanted} accepts, once the server lists one (polling its
	 * job list for up to 120 s).
	 */
	public JobLine awaitJob(Predicate<JobLine> wanted) {
		return Awaitility.await("a job of the local BigQuery's list")
			.atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> jobs().stream().filter(wanted).findFirst(), Optional::isPresent)
			.orElseThrow();
	}

	/** DML statements and load jobs per {@code dataset.table}, failed ones included. */
	public Map<String, Long> modifications() {
		Map<String, Long> counts = new LinkedHashMap<>();
		get("modifications").properties().forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
		return counts;
	}

	public void reset() {
		post("reset", "{}");
	}

	private JsonNode get(String what) {
		return send(HttpRequest.newBuilder(URI.create(url() + "/_local/" + what)).GET().build());
	}

	private JsonNode post(String what, String body) {
		return send(HttpRequest.newBuilder(URI.create(url() + "/_local/" + what))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	private JsonNode send(HttpRequest request) {
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(request.uri() + ": " + response.statusCode() + " " + response.body());
			}
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		process.destroy();
		try {
			if (!process.waitFor(5, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
