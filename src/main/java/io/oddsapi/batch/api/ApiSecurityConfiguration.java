package io.oddsapi.batch.api;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import io.oddsapi.batch.run.InvalidRequestValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.savedrequest.CookieRequestCache;

/**
 * The console ({@code /console}) signs in with the static token through a form and keeps
 * a session cookie; its pages call the same API with that session and a CSRF token. Every
 * call under {@code /api} carries a bearer token or that session: the static
 * {@code odds.api.token}, or a Google-signed OIDC ID token for an accepted audience from
 * a listed service account whose email Google verified (an empty list refuses to start:
 * anyone can mint a Google ID token for any audience). Health and the OpenAPI description
 * are open; every other actuator endpoint needs a token too. With no way to authenticate
 * configured the server does not start, unless the {@code local} profile says that an
 * open API is meant; that API still refuses changes another site's page could send, and
 * requests addressed to a name not its own.
 */
@ServerMode
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ApiSecurityConfiguration.class);

	static final String LOCAL_PROFILE = "local";

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiProperties properties, Environment environment,
			JsonMapper json) throws Exception {
		boolean open = isOpen(properties);
		requireAWayToAuthenticate(properties, environment, open);
		// Sessions exist only for the console's sign-in; bearer calls stay stateless, and
		// nothing anonymous is kept in one: the CSRF token and the page to return to
		// after
		// sign-in travel in cookies. No session policy is set: one would add a filter
		// that
		// stores a bearer call's authentication in a new session.
		CookieRequestCache consolePages = new CookieRequestCache();
		consolePages.setRequestMatcher(request -> "GET".equals(request.getMethod()) && isConsole(request));
		CookieCsrfTokenRepository csrfTokens = new CookieCsrfTokenRepository();
		csrfTokens.setHeaderName(CSRF_HEADER);
		csrfTokens.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
		http.requestCache(cache -> cache.requestCache(consolePages))
			.csrf(csrf -> csrf.csrfTokenRepository(csrfTokens)
				.requireCsrfProtectionMatcher(request -> needsCsrfToken(request, open)))
			.exceptionHandling(handling -> handling.accessDeniedHandler((request, response, ex) -> writeProblem(json,
					request, response, HttpStatus.FORBIDDEN, refusal(ex, open))))
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
			.logout(logout -> logout.logoutUrl(CONSOLE + "/sign-out").logoutSuccessUrl(SIGN_IN + "?signed-out"));
		if (open) {
			log.warn(
					"server mode without authentication (local profile): anyone who reaches this port can launch runs");
			return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
		}
		BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
		AuthenticationManager tokens = authenticationManager(properties);
		AuthenticationEntryPoint entryPoint = entryPoint(json, challenge);
		signIn(http, properties);
		return http
			.authorizeHttpRequests(requests -> requests
				.requestMatchers("/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**", "/error")
				.permitAll()
				.anyRequest()
				.authenticated())
			.exceptionHandling(handling -> handling.authenticationEntryPoint(entryPoint))
			.oauth2ResourceServer(server -> server.authenticationManagerResolver(request -> tokens)
				.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler((request, response, ex) -> writeProblem(json, request, response,
						HttpStatus.FORBIDDEN, ex.getMessage())))
			.build();
	}

	private static boolean isOpen(ApiProperties properties) {
		return properties.token() == null && !properties.oidc().enabled();
	}

	private static String refusal(AccessDeniedException ex, boolean open) {
		if (ex instanceof CsrfException) {
			return open ? "a change from a browser page needs the console's CSRF token; a script sends "
					+ "Content-Type: application/json" : "a change made with a session needs its CSRF token";
		}
		return ex.getMessage();
	}

	/**
	 * A request is served only when addressed to this server by name: under the
	 * {@code local} profile, a loopback name or one of {@code odds.api.allowed-hosts};
	 * else, when that list is given, one of it or loopback. A page of another site whose
	 * name was made to point at 127.0.0.1 (DNS rebinding) sends its own name, and is
	 * refused.
	 */
	@Bean
	WebSecurityCustomizer servedHosts(ApiProperties properties, JsonMapper json) {
		Set<String> named = new HashSet<>(LOOPBACK);
		properties.allowedHosts().forEach(host -> named.add(host.toLowerCase(Locale.ROOT)));
		boolean restricted = isOpen(properties) || !properties.allowedHosts().isEmpty();
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHostnames(host -> !restricted || named.contains(host.toLowerCase(Locale.ROOT)));
		return web -> web.httpFirewall(firewall)
			.requestRejectedHandler((request, response, ex) -> writeProblem(json, request, response,
					HttpStatus.BAD_REQUEST, "refused: " + ex.getMessage() + " (this server answers to "
							+ String.join(", ", new TreeSet<>(named)) + "; see odds.api.allowed-hosts)"));
	}

	static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

	static final String CSRF_HEADER = "X-CSRF-TOKEN";

	/**
	 * Scripts and styles from this server's own files only: no inline script or style, no
	 * eval, no plug-in, no framing, forms to this server.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
			+ "frame-ancestors 'none'";

	private static void requireAWayToAuthenticate(ApiProperties properties, Environment environment, boolean open) {
		if (open && !environment.acceptsProfiles(Profiles.of(LOCAL_PROFILE))) {
			throw new IllegalStateException("server mode needs a way to authenticate callers: set odds.api.token "
					+ "(a static bearer token) and/or odds.api.oidc.audiences (Google OIDC ID tokens), or run with "
					+ "--spring.profiles.active=local for an API without authentication on this machine only");
		}
		if (properties.oidc().enabled() && properties.oidc().allowedEmails().isEmpty()) {
			throw new IllegalStateException("odds.api.oidc.audiences is set but odds.api.oidc.allowed-emails is empty: "
					+ "anyone can mint a Google-signed ID token for any audience (any service account, in any project), "
					+ "so every Google account could call; list the service accounts allowed to call");
		}
	}

	/**
	 * A browser goes to the sign-in page and back; an API caller gets a bearer challenge
	 * and problem details.
	 */
	private static AuthenticationEntryPoint entryPoint(JsonMapper json, BearerTokenAuthenticationEntryPoint challenge) {
		LoginUrlAuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint(SIGN_IN);
		return (request, response, ex) -> {
			if (isConsole(request)) {
				// a browser: to the sign-in page, then back
				signIn.commence(request, response, ex);
				return;
			}
			challenge.commence(request, response, ex); // sets WWW-Authenticate
			writeProblem(json, request, response, HttpStatus.UNAUTHORIZED,
					"a valid bearer token is needed: " + ex.getMessage());
		};
	}

	/**
	 * The console's sign-in form with the static token; with OIDC only, the page says how
	 * to call.
	 */
	private void signIn(HttpSecurity http, ApiProperties properties) throws Exception {
		// the page whatever its query (?error, ?signed-out), and its style
		http.authorizeHttpRequests(
				requests -> requests.requestMatchers(SIGN_IN, CONSOLE + "/assets/sign-in.css").permitAll());
		if (properties.token() != null) {
			http.formLogin(form -> form.loginPage(SIGN_IN)
				.loginProcessingUrl(SIGN_IN)
				.usernameParameter("name")
				.passwordParameter("token")
				.defaultSuccessUrl(CONSOLE + "/runs")
				.failureHandler(signInRefused())
				.permitAll()).authenticationManager(consoleSignIn(properties.token()));
		}

	}

	/** Back to the form with a message, and no session for who failed. */
	private static SimpleUrlAuthenticationFailureHandler signInRefused() {
		SimpleUrlAuthenticationFailureHandler refused = new SimpleUrlAuthenticationFailureHandler(SIGN_IN + "?error");
		refused.setAllowSessionCreation(false);
		return refused;
	}

	static final String CONSOLE = "/console";

	static final String SIGN_IN = CONSOLE + "/sign-in";

	private static boolean isConsole(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return path.equals(CONSOLE) || path.startsWith(CONSOLE + "/") || path.startsWith("/webjars/");
	}

	/**
	 * A change a browser could be made to send: every console post (the sign-in too,
	 * against login CSRF); with a token, any change that carries a session cookie and no
	 * bearer token; open (the {@code local} profile), any change but JSON, which another
	 * site's page cannot send without a CORS preflight this server never grants. A bearer
	 * token is never sent by a browser on its own.
	 */
	static boolean needsCsrfToken(HttpServletRequest request, boolean open) {
		if (Set.of("GET", "HEAD", "OPTIONS", "TRACE").contains(request.getMethod())) {
			return false;
		}
		if (isConsole(request)) {
			return true;
		}
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return false;
		}
		return open ? !isJson(request.getContentType()) : request.getRequestedSessionId() != null;
	}

	private static boolean isJson(String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return "application".equals(type.getType())
					&& ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	/**
	 * The console's sign-in form: the static token, compared in constant time, and a
	 * name, which the log lines of the sign-in carry.
	 */
	static AuthenticationManager consoleSignIn(String token) {
		byte[] expected = token.getBytes(StandardCharsets.UTF_8);
		return authentication -> {
			Object given = authentication.getCredentials();
			String name = authentication.getName() == null || authentication.getName().isBlank() ? "console"
					: InvalidRequestValue.printable(authentication.getName());
			if (given == null || !MessageDigest.isEqual(expected, given.toString().getBytes(StandardCharsets.UTF_8))) {
				log.warn("console sign-in refused: {} gave a token that is not the server's", name);
				throw new BadCredentialsException("that is not the server's token");
			}
			log.info("console sign-in: {}", name);
			return UsernamePasswordAuthenticationToken.authenticated(name, null,
					AuthorityUtils.createAuthorityList("ROLE_API"));
		};
	}

	/** The static token first (compared in constant time), then a Google ID token. */
	static AuthenticationManager authenticationManager(ApiProperties properties) {
		byte[] staticToken = properties.token() == null ? null : properties.token().getBytes(StandardCharsets.UTF_8);
		JwtAuthenticationProvider oidc = properties.oidc().enabled()
				? new JwtAuthenticationProvider(decoder(properties.oidc())) : null;
		return authentication -> {
			String token = ((BearerTokenAuthenticationToken) authentication).getToken();
			if (staticToken != null && MessageDigest.isEqual(staticToken, token.getBytes(StandardCharsets.UTF_8))) {
				return UsernamePasswordAuthenticationToken.authenticated("static-token", null,
						AuthorityUtils.createAuthorityList("ROLE_API"));
			}
			if (oidc != null && token.chars().filter(c -> c == '.').count() == 2) {
				return oidc.authenticate(authentication);
			}
			throw new InvalidBearerTokenException(oidc == null ? "the token is not the configured static token"
					: "the token is neither the " + "configured static token nor a Google-signed ID token");
		};
	}

	static NimbusJwtDecoder decoder(ApiProperties.Oidc oidc) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(oidc.jwkSetUri()).build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(new JwtTimestampValidator(),
				claim("iss", "issuer", jwt -> oidc.issuers().contains(jwt.getClaimAsString("iss"))),
				claim("aud", "audience",
						jwt -> jwt.getAudience() != null
								&& jwt.getAudience().stream().anyMatch(oidc.audiences()::contains)),
				claim("email", "caller", jwt -> oidc.allowedEmails().contains(jwt.getClaimAsString("email"))),
				claim("email_verified", "email verification",
						jwt -> Boolean.TRUE.equals(jwt.getClaimAsBoolean("email_verified"))))));
		return decoder;
	}

	private static OAuth2TokenValidator<Jwt> claim(String claim, String what, Predicate<Jwt> accepted) {
		return jwt -> accepted.test(jwt) ? OAuth2TokenValidatorResult.success()
				: OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token's " + what + " ("
						+ claim + ": " + describe(jwt.getClaims().get(claim)) + ") is not accepted here", null));
	}

	private static String describe(Object value) {
		if (value instanceof Object[] array) {
			return Arrays.toString(array);
		}
		return String.valueOf(value);
	}

	private static void writeProblem(JsonMapper json, HttpServletRequest request, HttpServletResponse response,
			HttpStatus status, String detail) throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setInstance(URI.create(request.getRequestURI()));
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), problem);
	}

}
