package io.oddsapi.batch.console;

import java.io.IOException;
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
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two server processes of the packaged jar share one PostgreSQL, as two Cloud Run
 * instances do. A browser signs in through one; through the other it is signed in,
 * launches a date, sees the run fail on an object it may not read, restarts it once the
 * object is readable again, and signs out, which signs it out of both. The audit trail,
 * read through the first, lists each action with the operator's name, and so does
 * {@code GET /api/v1/audit}.
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
	void aSignedInOperatorIsServedByEitherProcess() throws IOException {
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

		browser.rebase(first);
		browser.go("/console/audit");
		assertThat(browser.untilText("#audit", "restart")).contains("operator sign-in", "operator launch",
				"operator restart");
		String audit = browser.driver()
			.executeAsyncScript("const done = arguments[0]; fetch('/api/v1/audit', {headers: {Accept: "
					+ "'application/json'}}).then(r => r.text()).then(done);")
			.toString();
		List<String> actions = new ArrayList<>();
		JsonMapper.builder()
			.build()
			.readTree(audit)
			.path("events")
			.forEach(event -> actions.add(event.path("actor").asString() + " " + event.path("action").asString()));
		assertThat(actions).as("the API's trail, read with the same session")
			.contains("operator sign-in", "operator launch", "operator restart");

		browser.rebase(second);
		browser.go("/console/runs");
		browser.untilVisible("#sign-out button");
		browser.find("#sign-out button").click();
		browser.untilText("main", "Signed out");
		browser.rebase(first);
		browser.go("/console/runs");
		assertThat(browser.path()).as("signed out of every process").startsWith("/console/sign-in");
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
