package io.oddsapi.batch.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.oddsapi.batch.api.ServerMode;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The operations console's pages. Each page is a shell whose script reads and acts
 * through {@code /api/v1} with the session and its CSRF token: the console has no way to
 * act of its own. Security serves none of it before sign-in (but under the {@code local}
 * profile).
 */
@ServerMode
@RestController
class ConsoleController {

	static final Set<String> PAGES = Set.of("runs", "run", "launch", "locks", "dates", "charts", "audit");

	private final Map<String, String> pages;

	private final String signIn;

	ConsoleController() {
		this.pages = PAGES.stream().collect(Collectors.toMap(page -> page, page -> read(page + ".html")));
		this.signIn = read("sign-in.html");
	}

	@GetMapping("/console")
	ResponseEntity<Void> home() {
		return ResponseEntity.status(302).header("Location", "/console/runs").build();
	}

	@GetMapping(value = "/console/{page}", produces = MediaType.TEXT_HTML_VALUE)
	ResponseEntity<String> page(@PathVariable String page) {
		String html = pages.get(page);
		if (html == null) {
			return ResponseEntity.notFound().build();
		}
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(html);
	}

	/** The sign-in form, with the session's CSRF token in it. */
	@GetMapping(value = "/console/sign-in", produces = MediaType.TEXT_HTML_VALUE)
	ResponseEntity<String> signIn(CsrfToken csrf, @RequestParam(required = false) String error,
			@RequestParam(name = "signed-out", required = false) String signedOut,
			@RequestParam(required = false) String ended) {
		String message = error != null ? "<p class=\"error\" role=\"alert\">That is not the server's token.</p>"
				: signedOut != null ? "<p role=\"status\">Signed out.</p>"
						: ended != null ? "<p role=\"status\">This session was ended: the token's name signed in "
								+ "more often than the server allows at once. Sign in again.</p>" : "";
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(signIn.replace("{{message}}", message)
				.replace("{{csrfParameter}}", HtmlUtils.htmlEscape(csrf.getParameterName()))
				.replace("{{csrfToken}}", HtmlUtils.htmlEscape(csrf.getToken())));
	}

	/**
	 * Who is signed in, whether they may act (the operator role, or the open local
	 * profile), and the CSRF token the pages send with every change.
	 */
	record Session(String user, boolean mayAct, String csrfHeader, String csrfToken) {
	}

	@GetMapping("/console/session")
	ResponseEntity<Session> session(CsrfToken csrf, Authentication authentication) {
		boolean signedIn = authentication != null && !(authentication instanceof AnonymousAuthenticationToken);
		String user = signedIn ? authentication.getName() : "local";
		boolean mayAct = !signedIn || authentication.getAuthorities()
			.stream()
			.anyMatch(authority -> "ROLE_OPERATOR".equals(authority.getAuthority()));
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(new Session(user, mayAct, csrf.getHeaderName(), csrf.getToken()));
	}

	private static String read(String file) {
		try (InputStream in = new ClassPathResource("console/" + file).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("the console's page " + file + " is missing from the jar", ex);
		}
	}

}
