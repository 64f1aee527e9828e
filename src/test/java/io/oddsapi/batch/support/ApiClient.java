package io.oddsapi.batch.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.env.Environment;

/**
 * HTTP calls to a server-mode application on its real port, with a bearer token or none.
 */
public final class ApiClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final URI base;

	private final String token;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private ApiClient(URI base, String token) {
		this.base = base;
		this.token = token;
	}

	/**
	 * The server of a harness started with {@code odds.mode=server} and
	 * {@code server.port=0}.
	 */
	public static ApiClient of(JobHarness server, String token) {
		return new ApiClient(
				URI.create(
						"http://127.0.0.1:" + server.bean(Environment.class).getRequiredProperty("local.server.port")),
				token);
	}

	/**
	 * A server on this machine's loopback at {@code port}, such as a packaged jar's
	 * process.
	 */
	public static ApiClient at(int port, String token) {
		return new ApiClient(URI.create("http://127.0.0.1:" + port), token);
	}

	public ApiClient withToken(String otherToken) {
		return new ApiClient(base, otherToken);
	}

	public String url(String path) {
		return base.resolve(path).toString();
	}

	public record Response(int status, Map<String, String> headers, String body) {

		public JsonNode json() {
			return JSON.readTree(body);
		}

		public String header(String name) {
			return headers.get(name.toLowerCase());
		}

		@Override
		public String toString() {
			return status + " " + body;
		}
	}

	public Response get(String path) {
		return send(HttpRequest.newBuilder(base.resolve(path)).GET(), Map.of());
	}

	public Response post(String path, String json) {
		return post(path, json, Map.of("Content-Type", "application/json"));
	}

	public Response post(String path, String body, Map<String, String> headers) {
		return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body)),
				headers);
	}

	private Response send(HttpRequest.Builder request, Map<String, String> headers) {
		headers.forEach(request::header);
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
					HttpResponse.BodyHandlers.ofString());
			Map<String, String> responseHeaders = new LinkedHashMap<>();
			response.headers().map().forEach((name, values) -> responseHeaders.put(name.toLowerCase(), values.get(0)));
			return new Response(response.statusCode(), responseHeaders, response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Polls an execution until it is no longer running (the run is asynchronous), up to a
	 * minute.
	 */
	public JsonNode awaitEnd(long executionId) {
		return Awaitility.await("execution " + executionId + " to end")
			.atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofMillis(50)) // polling the API as a client would
			.until(() -> get("/api/v1/executions/" + executionId).json(),
					execution -> !List.of("STARTING", "STARTED", "STOPPING")
						.contains(execution.path("status").asString()));
	}

}
