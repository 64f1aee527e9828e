package io.oddsapi.batch.console;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.oddsapi.batch.support.AppProcess;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.Browser;
import io.oddsapi.batch.support.ConsoleOperator;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.TestBucket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two server processes of the packaged jar share one PostgreSQL, as two Cloud Run
 * instances do. A browser signs in through one; through the other it is signed in,
 * launches a date, sees the run fail on an object it may not read, restarts it once the
 * object is readable again, and signs out, which signs it out of both. Signed in again,
 * the audit page lists each action with the operator's name, and
 * {@code GET /api/v1/audit} gives the same.
 */
class ConsoleAcrossTwoProcessesIT extends FunctionalTest {

	static final String TOKEN = "two-processes-token-0123456789";

	static final String UNREADABLE = "odds-api/game-lines/2026-01-14/3cd6b5035883a95bc54ed5e161ee9082-LACPHX/20260114_230000-snap-2300.json";

	private final List<AppProcess> servers = new ArrayList<>();

	private Browser browser;

	@AfterEach
	void stop() {
		if (browser != null) {
			browser.close();
		}
		servers.forEach(AppProcess::terminate);
		servers.forEach(AppProcess::waitFor);
	}

	@Test
	void aSignedInOperatorIsServedByEitherProcess() throws IOException, InterruptedException {
		TestBucket samples = bucket().copyOf(Path.of("samples/bucket"));
		Backend.TestDatabase database = database(Backend.POSTGRESQL);
		String first = server(database, samples, "first");
		String second = server(database, samples, "second");
		browser = Browser.open(first, tempDir.resolve("chromium-profile"));
		ConsoleOperator operator = new ConsoleOperator(browser);
		operator.signIn(TOKEN, "operator");

		browser.rebase(second);
		browser.go("/console/runs");
		browser.untilText("#user", "Signed in as operator");
		Path object = samples.root().resolve(UNREADABLE);
		Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(object);
		Files.setPosixFilePermissions(object, Set.of());
		long id = operator.launch("game-lines", "2026-01-14");
		browser.go("/console/run?id=" + id);
		browser.untilText("#facts .status", "FAILED");
		assertThat(browser.find("#facts").getText()).contains("cannot read " + UNREADABLE + ": permission denied");
		operator.awaitNoLock();
		Files.setPosixFilePermissions(object, permissions);
		browser.go("/console/run?id=" + id);
		browser.untilVisible("#restart");
		browser.clickAndConfirm("#restart");
		browser.untilText("#outcome.ok", "started");
		long restarted = Long.parseLong(browser.find("#outcome a").getText().replace("Open execution ", ""));
		browser.go("/console/run?id=" + restarted);
		browser.untilText("#facts .status", "COMPLETED");
		assertThat(browser.find("#facts").getText()).contains("6 of 6 staged");

		browser.go("/console/runs");
		browser.untilVisible("#sign-out button");
		browser.find("#sign-out button").click();
		browser.untilText("main", "Signed out");
		browser.rebase(first);
		browser.go("/console/runs");
		assertThat(browser.path()).as("signed out of every process").startsWith("/console/sign-in");

		operator.signIn(TOKEN, "operator");
		browser.go("/console/audit");
		browser.untilText("#audit", "sign-out");
		List<String> shown = browser.all("#audit tr[data-action]")
			.stream()
			.map(row -> row.findElements(By.tagName("td")))
			.map(cells -> cells.get(1).getText() + " " + cells.get(2).getText())
			.toList();
		assertThat(shown).as("each action of the browser, newest first, with the operator's name")
			.containsSubsequence("operator sign-in", "operator sign-out", "operator restart", "operator launch",
					"operator sign-in");
		assertThat(trail(first)).as("GET /api/v1/audit, the same").isEqualTo(shown);
	}

	/** Who did what, newest first, as {@code GET /api/v1/audit} gives it to a script. */
	private static List<String> trail(String base) throws IOException, InterruptedException {
		HttpResponse<String> answer = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/audit"))
				.header("Authorization", "Bearer " + TOKEN)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		List<String> actions = new ArrayList<>();
		JsonMapper.builder()
			.build()
			.readTree(answer.body())
			.path("events")
			.forEach(event -> actions.add(event.path("actor").asString() + " " + event.path("action").asString()));
		return actions;
	}

	/**
	 * A server process of the packaged jar on the shared database; answers its base URL
	 * once it is ready. As root, it runs without the capabilities that let root read a
	 * file whatever its mode, so that {@code chmod 000} stops it as it stops anyone else.
	 */
	private String server(Backend.TestDatabase database, TestBucket bucket, String name) {
		List<String> wrapper = "root".equals(System.getProperty("user.name")) ? List.of("setpriv",
				"--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search")
				: List.of();
		AppProcess server = AppProcess.startPackaged(wrapper, tempDir.resolve(name), database, bucket.root(), Map.of(),
				"--odds.mode=server", "--server.port=0", "--odds.api.tokens[0].name=operator",
				"--odds.api.tokens[0].token=" + TOKEN, "--odds.api.tokens[0].role=operator", "--odds.chunk-size=1");
		servers.add(server);
		return "http://127.0.0.1:" + server.readyPort();
	}

}
