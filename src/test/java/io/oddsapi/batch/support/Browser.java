package io.oddsapi.batch.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's headless Chromium, driven by its chromedriver through Selenium (no driver or
 * browser download): pages at a width, screenshots under
 * {@code target/console-screenshots}, axe-core's checks and a walk of the page by
 * keyboard. Where either program is missing the test skips, or fails under
 * {@code ODDS_REQUIRE_SERVICES=true}.
 */
public final class Browser implements AutoCloseable {

	public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

	private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("ODDS_CHROMIUM", "/usr/bin/chromium"));

	private static final Path CHROMEDRIVER = Path
		.of(System.getenv().getOrDefault("ODDS_CHROMEDRIVER", "/usr/bin/chromedriver"));

	private final ChromeDriver driver;

	private String base;

	private Browser(ChromeDriver driver, String base) {
		this.driver = driver;
		this.base = base;
	}

	/**
	 * A new browser with an empty profile, for the server at {@code base}
	 * (http://127.0.0.1:port).
	 */
	public static Browser open(String base, Path profile) {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			RequiredServices.unavailable("Chromium (" + CHROMIUM + ") and chromedriver (" + CHROMEDRIVER
					+ ") are needed for the console's browser tests: apt-get install chromium chromium-driver");
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		// no network but the server's: Chromium's background services would only be
		// refused
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,900");
		// the page's console messages, where Chromium reports what the CSP blocked
		options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
		return new Browser(driver, base);
	}

	/**
	 * From now on, paths are of the server at {@code base}: another instance, whose
	 * cookies the browser shares (cookies are per host, whatever the port).
	 */
	public void rebase(String otherBase) {
		this.base = otherBase;
	}

	public ChromeDriver driver() {
		return driver;
	}

	public void go(String path) {
		driver.get(base + path);
	}

	public String path() {
		return driver.getCurrentUrl().substring(base.length());
	}

	public WebElement find(String css) {
		return driver.findElement(By.cssSelector(css));
	}

	public List<WebElement> all(String css) {
		return driver.findElements(By.cssSelector(css));
	}

	/**
	 * Waits (at most a minute) for what the page shows; the console updates itself, so
	 * nothing here sleeps.
	 */
	public <T> T until(String what, ExpectedCondition<T> condition) {
		// the console redraws what it polls: an element read as it is replaced is simply
		// read again
		return new WebDriverWait(driver, Duration.ofMinutes(1)).withMessage(what)
			.ignoring(StaleElementReferenceException.class)
			.until(condition);
	}

	public WebElement untilVisible(String css) {
		return until(css + " to show", d -> {
			List<WebElement> found = d.findElements(By.cssSelector(css));
			return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
		});
	}

	public String untilText(String css, String contained) {
		return until(css + " to say '" + contained + "'", d -> {
			List<WebElement> found = d.findElements(By.cssSelector(css));
			String text = found.isEmpty() ? "" : found.get(0).getText();
			return text.contains(contained) ? text : null;
		});
	}

	/**
	 * Clicks and accepts the confirmation the console asks first; answers what it asked.
	 */
	public String clickAndConfirm(String css) {
		find(css).click();
		var alert = until("a confirmation", d -> {
			try {
				return d.switchTo().alert();
			}
			catch (NoAlertPresentException ex) {
				return null;
			}
		});
		String question = alert.getText();
		alert.accept();
		return question;
	}

	public void width(int pixels) {
		driver.manage().window().setSize(new Dimension(pixels, 900));
	}

	/** Saves the page as {@code target/console-screenshots/<name>.png}. */
	public Path screenshot(String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			Path file = SCREENSHOTS.resolve(name + ".png");
			Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
			return file;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * axe-core's WCAG 2 A and AA rules on the page as it is now: the violations, one line
	 * each.
	 */
	@SuppressWarnings("unchecked")
	public List<String> accessibilityViolations() {
		driver.executeScript(axeSource());
		Object result = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
				+ "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })"
				+ ".then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' at '"
				+ " + v.nodes.map(n => n.target.join(' ')).join(', '))), e => done(['axe failed: ' + e]));");
		return new ArrayList<>((List<String>) result);
	}

	/**
	 * Tabs through the page from its top and answers the controls that focus never
	 * reached: every visible link, button, field and scrolling region must be reachable
	 * by keyboard.
	 */
	@SuppressWarnings("unchecked")
	public List<String> unreachableByKeyboard() {
		JavascriptExecutor js = driver;
		List<String> controls = (List<String>) js.executeScript("let n = 0; const out = [];"
				+ "document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, [tabindex=\"0\"]')"
				+ ".forEach(e => { if (e.checkVisibility() && !e.disabled) {"
				+ " e.dataset.kbd = 'k' + (n++); out.push(e.dataset.kbd + ' ' + e.tagName + ' ' + (e.id || e.textContent.trim().slice(0, 30))); } });"
				+ "document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); return out;");
		Set<String> reached = new LinkedHashSet<>();
		driver.findElement(By.tagName("body")).click();
		js.executeScript("document.activeElement && document.activeElement.blur()");
		Actions keys = new Actions(driver);
		// a date field takes a Tab per part (month, day, year)
		for (int i = 0; i < controls.size() * 3 + 10 && reached.size() < controls.size(); i++) {
			keys.sendKeys(Keys.TAB).perform();
			Object marker = js.executeScript("return document.activeElement && document.activeElement.dataset.kbd");
			if (marker != null) {
				reached.add(marker.toString());
			}
		}
		return controls.stream().filter(c -> !reached.contains(c.substring(0, c.indexOf(' ')))).toList();
	}

	/**
	 * What the page's Content-Security-Policy blocked since the last look, as Chromium's
	 * console reported it.
	 */
	public List<String> contentSecurityViolations() {
		return driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.map(LogEntry::getMessage)
			.filter(message -> message.contains("Content Security Policy"))
			.toList();
	}

	/**
	 * axe-core's checks and the keyboard walk, on the page as it is shown now; and no
	 * breach of the Content-Security-Policy.
	 */
	public void assertAccessible(String page) {
		assertThat(contentSecurityViolations()).as("what the CSP blocked on " + page).isEmpty();
		List<String> violations = accessibilityViolations();
		assertThat(violations).as("axe-core on " + page + " at " + driver.manage().window().getSize().width + " px")
			.isEmpty();
		assertThat(unreachableByKeyboard()).as("controls of " + page + " that Tab never reaches").isEmpty();
	}

	private static String axeSource() {
		try (InputStream in = Browser.class
			.getResourceAsStream("/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
			assertThat(in).as("axe-core's WebJar on the test classpath").isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		driver.quit();
	}

}
