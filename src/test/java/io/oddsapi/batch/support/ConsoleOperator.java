package io.oddsapi.batch.support;

import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator does in the console, step by step, through a real browser: sign in
 * with a token, launch a date from the launch page, wait for the date's lock to be given
 * back.
 */
public final class ConsoleOperator {

	private final Browser browser;

	public ConsoleOperator(Browser browser) {
		this.browser = browser;
	}

	/** Signs in with {@code token}; the header then shows the token's name. */
	public void signIn(String token, String name) {
		browser.go("/console/runs");
		assertThat(browser.path()).as("nothing of the console before sign-in").startsWith("/console/sign-in");
		browser.find("#token").sendKeys(token);
		browser.find("button[type=submit]").click();
		browser.untilText("#user", "Signed in as " + name);
	}

	/** Launches one date from the launch page; answers the execution it started. */
	public long launch(String endpoint, String date) {
		browser.go("/console/launch");
		new Select(browser.find("#endpoint")).selectByVisibleText(endpoint);
		browser.find("#from").sendKeys(date.substring(5, 7) + date.substring(8, 10) + date.substring(0, 4));
		browser.find("form.launch button[type=submit]").click();
		String answer = browser.untilText("#answer-list li", date);
		assertThat(answer).contains("started");
		return Long.parseLong(browser.find("#answer-list li a").getText().replace("Open execution ", ""));
	}

	/**
	 * Until the launch has ended and given the date's lock back (the execution may end a
	 * moment before).
	 */
	public void awaitNoLock() {
		browser.go("/console/locks");
		browser.untilText("#locks p", "No lock is held");
	}

}
