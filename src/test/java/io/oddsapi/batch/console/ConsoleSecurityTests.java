package io.oddsapi.batch.console;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.TestDay;
import org.junit.jupiter.api.Test;

import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may use the console, over plain HTTP: nothing of it before sign-in (not a page
 * shell, a script or a chart library), sign-in with the server's token, a CSRF token on
 * every change a browser's session could make, and the same API behind it. Scripts with a
 * bearer token are not asked for CSRF tokens; neither are local calls without a session
 * under the {@code local} profile, where the console is open.
 */
class ConsoleSecurityTests extends FunctionalTest {

	static final String TOKEN = "console-token-0123456789";

	static final String LAUNCH = "{\"endpoint\":\"game-lines\",\"gameDate\":\"2026-01-14\"}";

	/**
	 * A browser's side: a cookie jar, redirects not followed, so that each answer is
	 * seen.
	 */
	static final class Session {

		private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

		private final String base;

		Session(JobHarness server) {
			this.base = "http://127.0.0.1:" + server.bean(Environment.class).getRequiredProperty("local.server.port");
		}

		HttpResponse<String> get(String path) {
			return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
		}

		HttpResponse<String> postForm(String path, Map<String, String> form) {
			String body = form.entrySet()
				.stream()
				.map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&"));
			return send(HttpRequest.newBuilder(URI.create(base + path))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body)));
		}

		HttpResponse<String> postJson(String path, String json, String... headers) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json));
			if (headers.length > 0) {
				request.headers(headers);
			}
			return send(request);
		}

		private HttpResponse<String> send(HttpRequest.Builder request) {
			try {
				return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		/** The sign-in form's CSRF token. */
		String formToken() {
			Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
				.matcher(get("/console/sign-in").body());
			assertThat(token.find()).as("the sign-in form carries a CSRF token").isTrue();
			return token.group(1);
		}

		/** The token the pages send with every change. */
		String pageToken() {
			Matcher token = Pattern.compile("\"csrfToken\":\"([^\"]+)\"").matcher(get("/console/session").body());
			assertThat(token.find()).isTrue();
			return token.group(1);
		}

		void signIn() {
			HttpResponse<String> signedIn = postForm("/console/sign-in",
					Map.of("_csrf", formToken(), "name", "operator", "token", TOKEN));
			assertThat(signedIn.statusCode()).isEqualTo(302);
			assertThat(signedIn.headers().firstValue("Location").orElseThrow()).contains("/console/runs");
		}

	}

	private Session serve(String... properties) {
		return new Session(server(properties));
	}

	private JobHarness server(String... properties) {
		TestDay.cycle(bucket(), 0, 2);
		return start(database(Backend.H2), properties);
	}

	private static void assertToSignIn(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.uri() + " before sign-in").isEqualTo(302);
		assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/console/sign-in");
	}

	@Test
	void servesNothingOfTheConsoleBeforeSignIn() {
		JobHarness server = server("odds.mode=server", "server.port=0", "odds.api.token=" + TOKEN);
		Session browser = new Session(server);
		for (String path : new String[] { "/console", "/console/runs", "/console/run?id=1", "/console/dates",
				"/console/charts", "/console/session", "/console/assets/console.js", "/console/assets/console.css",
				"/console/no-such-page", "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js" }) {
			assertToSignIn(browser.get(path));
		}
		HttpResponse<String> form = browser.get("/console/sign-in");
		assertThat(form.statusCode()).isEqualTo(200);
		assertThat(form.body()).contains("type=\"password\"").doesNotContain("console.js");
		HttpResponse<String> api = new Session(server).get("/api/v1/executions");
		assertThat(api.statusCode()).as("the API answers a problem, not a redirect").isEqualTo(401);
		assertThat(api.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(api.headers().firstValue("Set-Cookie")).as("a refused API call opens no session").isEmpty();
	}

	@Test
	void signsInWithTheTokenOnlyAndWithTheFormsCsrfToken() {
		Session browser = serve("odds.mode=server", "server.port=0", "odds.api.token=" + TOKEN);
		String formToken = browser.formToken();
		assertThat(browser.postForm("/console/sign-in", Map.of("name", "x", "token", TOKEN)).statusCode())
			.as("a sign-in without the form's CSRF token (login CSRF)")
			.isEqualTo(403);
		HttpResponse<String> wrong = browser.postForm("/console/sign-in",
				Map.of("_csrf", formToken, "name", "x", "token", "not-the-token-0123456789"));
		assertThat(wrong.headers().firstValue("Location").orElseThrow()).endsWith("/console/sign-in?error");
		assertToSignIn(browser.get("/console/runs"));

		browser.signIn();
		HttpResponse<String> runs = browser.get("/console/runs");
		assertThat(runs.statusCode()).isEqualTo(200);
		assertThat(runs.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
		assertThat(browser.get("/console/assets/console.js").statusCode()).isEqualTo(200);
		assertThat(browser.get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").statusCode()).isEqualTo(200);
		assertThat(browser.get("/console/session").body()).contains("\"user\":\"operator\"");
	}

	@Test
	void everyChangeFromASessionNeedsItsCsrfTokenThroughTheSameApi() {
		Session browser = serve("odds.mode=server", "server.port=0", "odds.api.token=" + TOKEN);
		browser.signIn();
		HttpResponse<String> forged = browser.postJson("/api/v1/batches", LAUNCH);
		assertThat(forged.statusCode()).as("a change with the session cookie and no CSRF token").isEqualTo(403);
		assertThat(browser.postJson("/api/v1/executions/1/abandon", "").statusCode()).isEqualTo(403);
		assertThat(browser.postForm("/console/sign-out", Map.of()).statusCode()).isEqualTo(403);

		String token = browser.pageToken();
		HttpResponse<String> launched = browser.postJson("/api/v1/batches", LAUNCH, "X-CSRF-TOKEN", token);
		assertThat(launched.statusCode()).as(launched.body()).isEqualTo(202);
		assertThat(launched.body()).contains("\"status\":\"started\"");
		HttpResponse<String> refused = browser.postJson("/api/v1/executions/999/restart", "", "X-CSRF-TOKEN", token);
		assertThat(refused.statusCode()).as("the API's own answers, refusals included").isEqualTo(404);

		HttpResponse<String> signedOut = browser.postForm("/console/sign-out", Map.of("_csrf", token));
		assertThat(signedOut.headers().firstValue("Location").orElseThrow()).endsWith("/console/sign-in?signed-out");
		assertToSignIn(browser.get("/console/runs"));
	}

	@Test
	void aScriptWithTheBearerTokenIsNotAskedForACsrfToken() {
		Session script = serve("odds.mode=server", "server.port=0", "odds.api.token=" + TOKEN);
		HttpResponse<String> launched = script.postJson("/api/v1/batches", LAUNCH, "Authorization", "Bearer " + TOKEN);
		assertThat(launched.statusCode()).as(launched.body()).isEqualTo(202);
		assertThat(launched.headers().firstValue("Set-Cookie")).as("a bearer call keeps no session").isEmpty();
	}

	@Test
	void theLocalProfileOpensTheConsoleAndKeepsCsrfForSessions() {
		JobHarness server = server("odds.mode=server", "server.port=0", "spring.profiles.active=local");
		Session browser = new Session(server);
		assertThat(browser.get("/console/runs").statusCode()).isEqualTo(200);
		assertThat(browser.get("/console/session").body()).contains("\"user\":\"local\"");
		assertThat(browser.postJson("/api/v1/batches", LAUNCH).statusCode())
			.as("the session the console page opened still needs its CSRF token")
			.isEqualTo(403);
		HttpResponse<String> curl = new Session(server).postJson("/api/v1/batches", LAUNCH);
		assertThat(curl.statusCode()).as("a local call without a session, as curl makes: " + curl.body())
			.isEqualTo(202);
	}

}
