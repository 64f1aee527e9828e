package io.oddsapi.batch.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import io.oddsapi.batch.job.FaultInjector;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.BlockingFault;
import io.oddsapi.batch.support.Browser;
import io.oddsapi.batch.support.ConsoleOperator;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.OddsJson;
import io.oddsapi.batch.support.TestBucket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations console in a real Chromium against a server on the sample bucket: sign
 * in, launch a date and watch it complete, open it, restart a run failed by a fault in
 * the reader, stop a running one, abandon one, see a refusal; every page checked by
 * axe-core and by keyboard at 1280 and 390 pixels, and saved as a screenshot.
 */
class ConsoleBrowserTests extends FunctionalTest {

	static final String TOKEN = "console-token-0123456789";

	private Browser browser;

	@AfterEach
	void closeBrowser() {
		if (browser != null) {
			browser.close();
		}
	}

	private void serve(FaultInjector faults, String... properties) {
		copySamples(bucket());
		List<String> all = new ArrayList<>(
				List.of("odds.mode=server", "server.port=0", "odds.api.tokens[0].name=operator",
						"odds.api.tokens[0].token=" + TOKEN, "odds.api.tokens[0].role=operator", "odds.chunk-size=1"));
		all.addAll(List.of(properties));
		JobHarness server = start(database(Backend.H2), bucket(), Map.of("faultInjector", faults),
				all.toArray(String[]::new));
		String base = "http://127.0.0.1:" + server.bean(Environment.class).getRequiredProperty("local.server.port");
		browser = Browser.open(base, tempDir.resolve("chromium-profile"));
	}

	private static void copySamples(TestBucket bucket) {
		Path samples = Path.of("samples", "bucket");
		try (Stream<Path> files = Files.walk(samples)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				Path target = bucket.root().resolve(samples.relativize(file).toString());
				Files.createDirectories(target.getParent());
				Files.copy(file, target);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void signIn() {
		new ConsoleOperator(browser).signIn(TOKEN, "operator");
	}

	private long launch(String endpoint, String date) {
		return new ConsoleOperator(browser).launch(endpoint, date);
	}

	private void awaitNoLock() {
		new ConsoleOperator(browser).awaitNoLock();
	}

	/**
	 * Every page, at both widths: axe-core and the keyboard walk pass, and a screenshot
	 * is kept.
	 */
	private void checkPage(String name, String path, String readyCss) {
		for (int width : new int[] { 1280, 390 }) {
			browser.width(width);
			browser.go(path);
			browser.untilVisible(readyCss);
			browser.until(name + ": every region loaded",
					d -> d.findElements(By.cssSelector("[data-loading]")).isEmpty());
			browser.screenshot(name + "-" + width);
			browser.assertAccessible(name);
		}
		browser.width(1280);
	}

	@Test
	void signsInLaunchesWatchesARunCompleteAndOpensIt() {
		bucket().put("odds-api/game-lines/2026-01-14/0badf11e-LACPHX/20260114_230000-snap-2300.json",
				"{\"id\": \"cut off mid-upl".getBytes(StandardCharsets.UTF_8));
		serve(FaultInjector.NONE);
		browser.go("/console/sign-in");
		browser.find("#token").sendKeys("not-the-token-at-all");
		browser.find("button[type=submit]").click();
		browser.untilText("p.error", "not the server's token");
		checkPage("sign-in", "/console/sign-in", "#token");
		signIn();

		long id = launch("game-lines", "2026-01-14");
		browser.go("/console/runs");
		String row = browser.untilText("tr[data-execution='" + id + "']", "COMPLETED");
		assertThat(row).contains("game-lines", "2026-01-14", "7 of 7");
		browser.find("tr[data-execution='" + id + "'] a").click();
		browser.untilText("#facts .status", "COMPLETED");
		assertThat(browser.find("#steps").getText()).contains("lock", "list", "stage", "publish", "coverage");
		assertThat(browser.find("#tables").getText()).contains("odds_api_game_lines");
		assertThat(browser.find("#locks").getText()).contains("acquired", "ran", "oddsapi_game-lines_batch_2026-01-14");
		assertThat(browser.all("#actions button")).as("a completed run offers no action").isEmpty();
		assertThat(browser.find("#reject-list").getText()).as("the rejected file, with its reason")
			.contains("0badf11e-LACPHX/20260114_230000-snap-2300.json");

		launch("player-props", "2026-01-14");
		browser.go("/console/launch");
		new Select(browser.find("#endpoint")).selectByVisibleText("game-lines");
		browser.find("#from").sendKeys("01142026");
		browser.find("#to").sendKeys("01152026");
		browser.find("form.launch button[type=submit]").click();
		assertThat(browser.untilText("#answer-list li[data-date='2026-01-15']", "completed"))
			.as("a range, queued by the server, each date's answer as it comes")
			.contains("Open execution");
		assertThat(browser.find("#answer-list li[data-date='2026-01-14']").getText()).contains("nothing new");

		checkPage("runs", "/console/runs", "tr[data-execution]");
		checkPage("run", "/console/run?id=" + id, "#steps table");
		checkPage("launch", "/console/launch", "#endpoint");
		checkPage("locks", "/console/locks", "#locks p");
		checkPage("dates", "/console/dates?season=2025", ".day[data-date='2026-01-14']");
		assertThat(browser.find(".day[data-date='2026-01-14']").getAttribute("class")).contains("ok");
		browser.find(".day[data-date='2026-01-14']").click();
		assertThat(browser.untilText("#missing", "games")).contains("3 games", "nothing missing");
		browser.screenshot("dates-day-1280");
		checkPage("charts", "/console/charts", "[data-chart=rowsPublished] canvas");
		assertThat(browser.all(".chart canvas")).hasSize(3);
	}

	/**
	 * A scrape whose rejection reason quotes HTML: every page shows it as text (the
	 * console never parses HTML), and no script of it runs (the CSP would refuse its
	 * inline handler too).
	 */
	@Test
	void aHostileFilesReasonShowsAsTextOnEveryPageAndRunsNoScript() {
		String hostile = "<img src=x onerror=localStorage.xss=1>";
		bucket().put("odds-api/game-lines/2026-01-14/0badf11e-LACPHX/20260114_230000-snap-2300.json",
				("{\"id\":\"0badf11e\",\"sport_key\":\"basketball_nba\",\"commence_time\":\"2026-01-15T00:00:00Z\","
						+ "\"home_team\":\"Phoenix Suns\",\"away_team\":\"Los Angeles Clippers\",\"bookmakers\":\""
						+ hostile + "\"}")
					.getBytes(StandardCharsets.UTF_8));
		serve(FaultInjector.NONE);
		signIn();
		long id = launch("game-lines", "2026-01-14");
		browser.go("/console/run?id=" + id);
		browser.untilText("#facts .status", "COMPLETED");
		assertThat(browser.find("#reject-list").getText()).as("the reason, as text").contains(hostile);
		for (String path : List.of("/console/runs", "/console/run?id=" + id, "/console/locks",
				"/console/dates?season=2025", "/console/charts", "/console/launch")) {
			browser.go(path);
			browser.untilVisible("main h1");
			assertThat(browser.all("main img")).as(path + " made no element of the reason").isEmpty();
			assertThat(browser.contentSecurityViolations()).as(path).isEmpty();
		}
		assertThat(browser.driver().executeScript("return localStorage.getItem('xss')")).as("no script of it ran")
			.isNull();
	}

	/**
	 * The server goes away under an open page and comes back on the same port: the page
	 * says so at once, keeps what it showed, retries by itself and carries on when it can
	 * (the local profile: no session to lose with the first server).
	 */
	@Test
	void aPageSaysWhenTheServerCannotBeReachedAndRecoversByItself() {
		copySamples(bucket());
		Backend.TestDatabase database = database(Backend.H2);
		JobHarness first = start(database, bucket(), Map.of(), "odds.mode=server", "server.port=0",
				"spring.profiles.active=local");
		String port = first.bean(Environment.class).getRequiredProperty("local.server.port");
		browser = Browser.open("http://127.0.0.1:" + port, tempDir.resolve("chromium-profile"));
		browser.go("/console/runs");
		browser.untilText("#updated", "Updated");
		browser.untilText("#list", "No execution matches");

		first.close();
		assertThat(browser.untilText("#banner", "cannot be reached")).contains("retries by itself");
		assertThat(browser.find("#list").getText()).as("what the page showed stays").contains("No execution matches");
		browser.find("#filters button[type=submit]").click();
		assertThat(browser.untilText("#summary", "Loading")).as("a new filter is loading until it is answered")
			.isEqualTo("Loading…");

		start(database, bucket(), Map.of(), "odds.mode=server", "server.port=" + port, "spring.profiles.active=local");
		browser.until("the banner to go", driver -> !browser.find("#banner").isDisplayed());
		assertThat(browser.find("#updated").getText()).startsWith("Updated ");
		assertThat(browser.untilText("#summary", "match")).isEqualTo("0 executions match");
	}

	private String[] operatorServer() {
		return new String[] { "odds.mode=server", "server.port=0", "odds.api.tokens[0].name=operator",
				"odds.api.tokens[0].token=" + TOKEN, "odds.api.tokens[0].role=operator", "odds.chunk-size=1" };
	}

	private static String base(JobHarness server) {
		return "http://127.0.0.1:" + server.bean(Environment.class).getRequiredProperty("local.server.port");
	}

	@Test
	void restartsARunThatAFaultInTheReaderFailedAndLinksItsTwoExecutions() {
		AtomicBoolean failed = new AtomicBoolean();
		serve((point, detail) -> {
			if (point.equals("read") && failed.compareAndSet(false, true)) {
				throw new IllegalStateException("injected fault in the reader at " + detail);
			}
		});
		signIn();
		long id = launch("game-lines", "2026-01-14");
		browser.go("/console/run?id=" + id);
		browser.untilText("#facts .status", "FAILED");
		assertThat(browser.find("#facts").getText()).contains("injected fault in the reader", "0 of 6 staged");
		assertThat(browser.all("#actions button")).extracting(e -> e.getText()).containsExactly("Restart", "Abandon");
		awaitNoLock();
		browser.go("/console/run?id=" + id);
		browser.untilVisible("#restart");

		assertThat(browser.clickAndConfirm("#restart")).contains("Restart this execution");
		String outcome = browser.untilText("#outcome.ok", "started");
		long restarted = Long.parseLong(browser.find("#outcome a").getText().replace("Open execution ", ""));
		assertThat(restarted).isNotEqualTo(id);
		assertThat(outcome).contains("execution " + restarted);
		browser.screenshot("run-restarted-1280");

		awaitNoLock();
		browser.go("/console/run?id=" + id);
		browser.untilText("#restarted-as", "Execution " + restarted);
		assertThat(browser.all("#actions button")).as("a restarted execution offers nothing the API would refuse")
			.isEmpty();
		browser.find("#restarted-as").click();
		browser.untilText("#restart-of", "Execution " + id);

		browser.go("/console/run?id=" + restarted);
		browser.untilText("#facts .status", "COMPLETED");
		assertThat(browser.find("#facts").getText()).contains("6 of 6 staged");

		browser.go("/console/audit");
		String trail = browser.untilText("#audit", "restart");
		assertThat(trail).as("each action of the browser, with the operator's name")
			.contains("operator sign-in", "operator launch", "operator restart");
		assertThat(trail).contains("game-lines 2026-01-14");
		checkPage("audit", "/console/audit", "#audit tr[data-action]");
		browser.go("/console/run?id=" + id);
		assertThat(browser.untilText("#facts", "FAILED")).as("the failed execution keeps its own figures")
			.contains("0 of 6 staged");
		assertThat(browser.untilText("#audit", "restart")).as("the run page's trail: its launch and its restart")
			.contains("operator launch", "operator restart", "execution " + restarted);
	}

	/**
	 * A month launched from the console while every run takes 10 s (the read of its one
	 * object's first event held that long): the server queues the 31 dates behind its 4
	 * launch threads, the page shows each date's progress, and every date ends with its
	 * execution, none refused.
	 */
	@Test
	void aThirtyOneDateRangeOfTenSecondRunsEndsWithThirtyOneExecutionsAndNoRefusal() {
		TestBucket bucket = bucket();
		LocalDate first = LocalDate.of(2026, 3, 1);
		for (int day = 0; day < 31; day++) {
			LocalDate date = first.plusDays(day);
			Instant tipoff = date.plusDays(1).atTime(0, 30).toInstant(ZoneOffset.UTC);
			bucket.put("game-lines", date, "e" + day + "-MIABOS", date.atTime(20, 0).toInstant(ZoneOffset.UTC),
					OddsJson.event("e" + day, tipoff, "Boston Celtics", "Miami Heat",
							OddsJson.book("fanduel", OddsJson.market("h2h", OddsJson.price("Miami Heat", "2.1"),
									OddsJson.price("Boston Celtics", "1.38")))));
		}
		FaultInjector tenSecondRuns = (point, detail) -> {
			if (point.equals("read") && detail.endsWith("#0")) {
				// the load the scenario is about: runs that last, so that the range
				// outlasts
				// the launch threads many times over
				LockSupport.parkNanos(Duration.ofSeconds(10).toNanos());
			}
		};
		JobHarness server = start(database(Backend.H2), bucket, Map.of("faultInjector", tenSecondRuns),
				operatorServer());
		browser = Browser.open(base(server), tempDir.resolve("chromium-profile"));
		signIn();

		browser.go("/console/launch");
		new Select(browser.find("#endpoint")).selectByVisibleText("game-lines");
		browser.find("#from").sendKeys("03012026");
		browser.find("#to").sendKeys("03312026");
		browser.find("form.launch button[type=submit]").click();
		browser.until("four dates started, the rest queued",
				d -> d.findElements(By.cssSelector("#answer-list li[data-answer=queued]")).size() >= 20);
		assertThat(browser.find("form.launch button[type=submit]").isEnabled()).as("no second range meanwhile")
			.isFalse();
		new WebDriverWait(browser.driver(), Duration.ofMinutes(3)).withMessage("every date completed")
			.until(d -> d.findElements(By.cssSelector("#answer-list li[data-answer=completed]")).size() == 31);
		assertThat(browser.find("#answer-list").getText()).doesNotContain("refused", "503", "busy");
		assertThat(browser.all("#answer-list li a")).hasSize(31);

		browser.go("/console/runs?status=COMPLETED");
		assertThat(browser.untilText("#summary", "match")).startsWith("31 executions match");
	}

	@Test
	void stopsARunningRunSeesItsLockThenAbandonsIt() {
		// an object done, so that the time left shows
		BlockingFault held = new BlockingFault("write", "4");
		serve(held);
		signIn();
		long id = launch("game-lines", "2026-01-14");
		held.awaitReached();

		browser.go("/console/runs");
		assertThat(browser.untilText("tr[data-execution='" + id + "']", "rows/s"))
			.as("a running execution's progress, live")
			.contains("STARTED", "1 of 6", "left");

		browser.go("/console/locks");
		String lock = browser.untilText("tr[data-lock]", "Execution " + id);
		assertThat(lock).contains("oddsapi_game-lines_batch_2026-01-14", "api", "no");

		browser.go("/console/run?id=" + id);
		browser.untilText("#facts .status", "STARTED");
		assertThat(browser.all("#actions button")).extracting(e -> e.getText()).containsExactly("Stop", "Recover");
		browser.clickAndConfirm("#recover");
		assertThat(browser.untilText("#outcome.refused", "409")).contains("is held by execution " + id);
		browser.screenshot("run-refused-1280");

		assertThat(browser.clickAndConfirm("#stop")).contains("Stop this execution at its next commit");
		browser.untilText("#outcome.ok", "Stop");
		held.release();
		browser.untilText("#facts .status", "STOPPED");
		assertThat(browser.all("#actions button")).extracting(e -> e.getText()).containsExactly("Restart", "Abandon");
		awaitNoLock();
		browser.go("/console/run?id=" + id);
		browser.untilVisible("#abandon");

		assertThat(browser.clickAndConfirm("#abandon")).contains("never restart");
		browser.untilText("#outcome.ok", "ABANDONED");
		browser.untilText("#facts .status", "ABANDONED");
		assertThat(browser.all("#actions button")).isEmpty();
	}

}
