package io.oddsapi.batch.console;

import java.io.IOException;
import java.net.CookieManager;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.oddsapi.batch.api.NotificationsFunctionalTests;
import io.oddsapi.batch.launch.DeploymentFilesTest;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.TestDay;
import org.junit.jupiter.api.Test;

import org.springframework.core.env.Environment;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may use the console, over plain HTTP: nothing of it before sign-in (not a page
 * shell, a script or a chart library), sign-in with the server's token, a CSRF token on
 * every change a browser's session could make, and the same API behind it. Scripts with a
 * bearer token are not asked for CSRF tokens. Under the {@code local} profile, where the
 * console is open, a change needs JSON or the console's CSRF token, and the server
 * answers only to its own names. Nothing anonymous opens a session.
 */
class ConsoleSecurityTests extends FunctionalTest {

	static final String TOKEN = "console-token-0123456789";

	/**
	 * A server whose console operator signs in with a named token of the operator role.
	 */
	static final String[] OPERATOR_SERVER = { "odds.mode=server", "server.port=0", "odds.api.tokens[0].name=operator",
			"odds.api.tokens[0].token=" + TOKEN, "odds.api.tokens[0].role=operator" };

	static final String LAUNCH = "{\"endpoint\":\"game-lines\",\"gameDate\":\"2026-01-14\"}";

	/**
	 * A browser's side: a cookie jar, redirects not followed, so that each answer is
	 * seen.
	 */
	static final class Session {

		private final HttpClient http;

		private final String base;

		Session(JobHarness server) {
			this(server, HttpClient.newBuilder().cookieHandler(new CookieManager()).build());
		}

		Session(JobHarness server, HttpClient http) {
			this.http = http;
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

		HttpResponse<String> post(String path, String contentType, String body, String... headers) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
				.header("Content-Type", contentType)
				.POST(HttpRequest.BodyPublishers.ofString(body));
			if (headers.length > 0) {
				request.headers(headers);
			}
			return send(request);
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

		HttpRequest.Builder request(String path) {
			return HttpRequest.newBuilder(URI.create(base + path));
		}

		HttpResponse<String> send(HttpRequest.Builder request) {
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
		JobHarness server = server(OPERATOR_SERVER);
		Session browser = new Session(server);
		for (String path : new String[] { "/console", "/console/runs", "/console/run?id=1", "/console/dates",
				"/console/charts", "/console/session", "/console/assets/console.js", "/console/assets/console.css",
				"/console/assets/run.js", "/console/no-such-page", "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js" }) {
			assertToSignIn(browser.get(path));
		}
		HttpResponse<String> form = browser.get("/console/sign-in");
		assertThat(form.statusCode()).isEqualTo(200);
		assertThat(form.body()).contains("type=\"password\"").doesNotContain("console.js");
		assertThat(form.headers().firstValue("Content-Security-Policy").orElseThrow())
			.contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
			.doesNotContain("unsafe");
		assertThat(browser.get("/console/assets/sign-in.css").statusCode()).as("the sign-in page's own style")
			.isEqualTo(200);
		HttpResponse<String> api = new Session(server).get("/api/v1/executions");
		assertThat(api.statusCode()).as("the API answers a problem, not a redirect").isEqualTo(401);
		assertThat(api.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(api.headers().firstValue("Set-Cookie")).as("a refused API call opens no session").isEmpty();
	}

	@Test
	void signsInWithTheTokenOnlyAndWithTheFormsCsrfToken() {
		Session browser = serve(OPERATOR_SERVER);
		String formToken = browser.formToken();
		assertThat(browser.postForm("/console/sign-in", Map.of("name", "x", "token", TOKEN)).statusCode())
			.as("a sign-in without the form's CSRF token (login CSRF)")
			.isEqualTo(403);
		HttpResponse<String> wrong = browser.postForm("/console/sign-in",
				Map.of("_csrf", formToken, "name", "x", "token", "not-the-token-0123456789"));
		assertThat(wrong.headers().firstValue("Location").orElseThrow()).endsWith("/console/sign-in?error");
		assertThat(browser.get("/console/sign-in?error").body()).contains("not the server's token");
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
		Session browser = serve(OPERATOR_SERVER);
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
		Session script = serve(OPERATOR_SERVER);
		HttpResponse<String> launched = script.postJson("/api/v1/batches", LAUNCH, "Authorization", "Bearer " + TOKEN);
		assertThat(launched.statusCode()).as(launched.body()).isEqualTo(202);
		assertThat(launched.headers().firstValue("Set-Cookie")).as("a bearer call keeps no session").isEmpty();
	}

	@Test
	void theLocalProfileOpensTheConsoleAndRefusesWhatAnotherSitesPageCouldSend() {
		JobHarness server = server("odds.mode=server", "server.port=0", "spring.profiles.active=local");
		Session browser = new Session(server);
		assertThat(browser.get("/console/runs").statusCode()).isEqualTo(200);
		assertThat(browser.get("/console/session").body()).contains("\"user\":\"local\"");

		// what a page of any site can send without a CORS preflight: forms and text/plain
		Session otherSite = new Session(server);
		HttpResponse<String> form = otherSite.post("/api/v1/batches", "application/x-www-form-urlencoded",
				"endpoint=game-lines&gameDate=2026-01-14");
		assertThat(form.statusCode()).as("a cross-site form POST: " + form.body()).isEqualTo(403);
		assertThat(form.body()).contains("CSRF token");
		assertThat(otherSite.post("/api/v1/executions/1/abandon", "application/x-www-form-urlencoded", "").statusCode())
			.as("refused before the API looks for the execution")
			.isEqualTo(403);
		assertThat(otherSite
			.post("/api/v1/notifications/gcs", "text/plain", NotificationsFunctionalTests.pubSubEnvelope("odds-local",
					"odds-api/game-lines/2026-01-14/e1-LALBOS/20260114_010000-snap-0100.json", "OBJECT_FINALIZE"))
			.statusCode()).as("a text/plain notification").isEqualTo(403);
		assertThat(otherSite.get("/api/v1/executions").body()).as("nothing was launched").contains("\"executions\":[]");

		HttpResponse<String> page = browser.post("/api/v1/batches", "application/x-www-form-urlencoded",
				"endpoint=game-lines&gameDate=2026-01-14", "X-CSRF-TOKEN", browser.pageToken());
		assertThat(page.statusCode()).as("the console's own page, with its token, passes the check: " + page.body())
			.isEqualTo(415);
		HttpResponse<String> curl = new Session(server).postJson("/api/v1/batches", LAUNCH);
		assertThat(curl.statusCode()).as("a local script's JSON, as curl sends it: " + curl.body()).isEqualTo(202);
	}

	@Test
	void theLocalProfileAnswersOnlyToLoopbackAndConfiguredNames() throws IOException {
		JobHarness server = server("odds.mode=server", "server.port=0", "spring.profiles.active=local",
				"odds.api.allowed-hosts=odds.internal");
		int port = server.bean(Environment.class).getRequiredProperty("local.server.port", Integer.class);
		assertThat(RawHttp.get(port, "rebound.example.com:" + port, "/api/v1/executions"))
			.as("a DNS-rebinding page's own name")
			.startsWith("HTTP/1.1 400")
			.contains("rebound.example.com");
		assertThat(RawHttp.get(port, "evil.example", "/console/runs")).startsWith("HTTP/1.1 400");
		assertThat(RawHttp.get(port, "localhost:" + port, "/api/v1/executions")).startsWith("HTTP/1.1 200");
		assertThat(RawHttp.get(port, "127.0.0.1:" + port, "/api/v1/executions")).startsWith("HTTP/1.1 200");
		assertThat(RawHttp.get(port, "odds.internal:" + port, "/api/v1/executions")).as("a configured name")
			.startsWith("HTTP/1.1 200");
	}

	@Test
	void anonymousRequestsOpenNoSessionOnlyASignInDoes() {
		JobHarness server = server(OPERATOR_SERVER);
		Session anonymous = new Session(server);
		String[] paths = { "/console/sign-in", "/console/runs", "/console/session", "/api/v1/executions",
				"/console/sign-in?error" };
		// one client with no cookie jar: each request as a new visitor's
		Session visitors = new Session(server, HttpClient.newHttpClient());
		for (int i = 0; i < 10_000; i++) {
			HttpResponse<String> answer = visitors.get(paths[i % paths.length]);
			assertThat(answer.headers().allValues("Set-Cookie")).as(answer.uri() + " sets no session cookie")
				.noneMatch(cookie -> cookie.startsWith("SESSION") || cookie.startsWith("JSESSIONID"));
		}
		HttpResponse<String> refused = anonymous.postForm("/console/sign-in",
				Map.of("_csrf", anonymous.formToken(), "name", "x", "token", "not-the-token-0123456789"));
		assertThat(refused.headers().firstValue("Location").orElseThrow()).endsWith("/console/sign-in?error");
		assertThat(sessions(server)).as("sessions stored after 10,000 anonymous requests and a refused sign-in")
			.isZero();

		anonymous.signIn();
		assertThat(anonymous.get("/console/runs").statusCode()).isEqualTo(200);
		assertThat(sessions(server)).as("the sign-in's own").isEqualTo(1);
	}

	/**
	 * {@code odds.api.max-sessions} per token name: a sign-in past it ends the name's
	 * least recently used session, whose next request goes to the sign-in form.
	 */
	@Test
	void aTokenNameHoldsAtMostItsSessionsTheLeastRecentlyUsedEnds() {
		List<String> properties = new ArrayList<>(List.of(OPERATOR_SERVER));
		properties.add("odds.api.max-sessions=2");
		JobHarness server = server(properties.toArray(String[]::new));
		Session first = new Session(server);
		first.signIn();
		Session second = new Session(server);
		second.signIn();
		assertThat(first.get("/console/session").statusCode()).as("the first, used since the second signed in")
			.isEqualTo(200);

		Session third = new Session(server);
		third.signIn();
		HttpResponse<String> ended = second.get("/console/runs");
		assertThat(ended.statusCode()).as(ended.body()).isEqualTo(302);
		assertThat(ended.headers().firstValue("Location").orElseThrow()).endsWith("/console/sign-in?ended");
		assertThat(second.get("/console/sign-in?ended").body()).contains("This session was ended");
		assertToSignIn(second.get("/console/runs"));
		assertThat(first.get("/console/runs").statusCode()).isEqualTo(200);
		assertThat(third.get("/console/runs").statusCode()).isEqualTo(200);
	}

	/**
	 * A session past its 8 hours without a request is deleted by the session store's
	 * clean-up, which Spring Session runs every minute; its cookie then signs no one in.
	 */
	@Test
	void anExpiredSessionIsDeletedAndItsCookieSignsNoOneIn() {
		JobHarness server = server(OPERATOR_SERVER);
		Session browser = new Session(server);
		browser.signIn();
		assertThat(server.jdbc().queryForObject("SELECT MAX_INACTIVE_INTERVAL FROM SPRING_SESSION", Integer.class))
			.as("8 hours, in seconds")
			.isEqualTo(8 * 3600);

		// as the store sees a session 8 hours after its last request
		server.jdbc().update("UPDATE SPRING_SESSION SET EXPIRY_TIME = ?", System.currentTimeMillis() - 1);
		server.bean(JdbcIndexedSessionRepository.class).cleanUpExpiredSessions();
		assertThat(sessions(server)).isZero();
		assertToSignIn(browser.get("/console/runs"));
	}

	/**
	 * The {@code gcp} profile's server settings, behind a front end that ended TLS (as
	 * Cloud Run's does): the sign-in's cookies are Secure and every answer carries HSTS.
	 */
	@Test
	void behindCloudRunsTlsTheCookiesAreSecureAndHstsIsSent() throws IOException {
		Map<String, Object> gcp = DeploymentFilesTest.load("src/main/resources/application-gcp.yml");
		Map<String, Object> serverSettings = DeploymentFilesTest.at(gcp, "server");
		List<String> properties = new ArrayList<>(List.of(OPERATOR_SERVER));
		serverSettings.forEach((name, value) -> properties.add("server." + name + "=" + value));
		Session browser = serve(properties.toArray(String[]::new));
		String forwarded = "X-Forwarded-Proto";
		HttpResponse<String> form = browser.send(browser.request("/console/sign-in").header(forwarded, "https"));
		assertThat(form.headers().firstValue("Strict-Transport-Security")).isPresent();
		assertThat(form.headers().allValues("Set-Cookie")).as("the CSRF cookie")
			.isNotEmpty()
			.allSatisfy(cookie -> assertThat(cookie).contains("Secure"));
		Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
		assertThat(token.find()).isTrue();
		// sent by hand: the client talks plain HTTP to the test's server, and keeps
		// Secure
		// cookies for HTTPS
		String csrfCookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
		HttpResponse<String> signedIn = browser.send(browser.request("/console/sign-in")
			.header(forwarded, "https")
			.header("Cookie", csrfCookie)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("_csrf="
					+ URLEncoder.encode(token.group(1), StandardCharsets.UTF_8) + "&name=operator&token=" + TOKEN)));
		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(signedIn.headers().allValues("Set-Cookie")).as("the session cookie")
			.anySatisfy(cookie -> assertThat(cookie).startsWith("SESSION=").contains("Secure"));
		assertThat(signedIn.headers().firstValue("Location").orElseThrow()).startsWith("https://");
	}

	/**
	 * The console sessions in the job repository's database, where every instance finds
	 * them.
	 */
	private static long sessions(JobHarness server) {
		return server.jdbc().queryForObject("SELECT COUNT(*) FROM SPRING_SESSION", Long.class);
	}

	/**
	 * A request whose Host header is the test's to choose, as Java's HttpClient forbids.
	 */
	static final class RawHttp {

		static String get(int port, String host, String path) throws IOException {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				socket.getOutputStream()
					.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
						.getBytes(StandardCharsets.US_ASCII));
				return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			}
		}

	}

}
