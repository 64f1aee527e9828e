package io.oddsapi.batch.api;

import java.io.IOException;
import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;

/**
 * Two chains. The console's ({@code /console}, its WebJars) signs in with a token through
 * a form and keeps a session cookie; sessions live in the job repository's database
 * (Spring Session JDBC), so any instance serves any signed-in operator. The API's
 * (everything else) is stateless: a call carries a bearer token, or the console's
 * session, which it reads and never creates. Callers have roles (see
 * {@link ApiProperties.Role}): a pusher may only push notifications, a viewer reads
 * everything, an operator also acts; a refused action answers 403 with problem details.
 * Health and the OpenAPI description are open. With no way to authenticate configured the
 * server does not start, unless the {@code local} profile says that an open API is meant;
 * that API still refuses changes another site's page could send, and requests addressed
 * to a name not its own.
 */
@ServerMode
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ApiSecurityConfiguration.class);

	static final String LOCAL_PROFILE = "local";

	static final String CONSOLE = "/console";

	static final String SIGN_IN = CONSOLE + "/sign-in";

	static final String CSRF_HEADER = "X-CSRF-TOKEN";

	static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

	/**
	 * Scripts and styles from this server's own files only: no inline script or style, no
	 * eval, no plug-in, no framing, forms to this server.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
			+ "frame-ancestors 'none'";

	/**
	 * The console: pages for viewers and operators after sign-in; every post carries the
	 * CSRF token. Nothing anonymous is kept in a session: the CSRF token and the page to
	 * return to after sign-in travel in cookies.
	 */
	@Bean
	@Order(1)
	SecurityFilterChain consoleSecurity(HttpSecurity http, ApiProperties properties, Environment environment,
			JsonMapper json, AuditTrail trail, FindByIndexNameSessionRepository<? extends Session> sessions)
			throws Exception {
		boolean open = isOpen(properties);
		requireAWayToAuthenticate(properties, environment, open);
		CookieRequestCache pages = new CookieRequestCache();
		pages.setRequestMatcher(request -> "GET".equals(request.getMethod()));
		http.securityMatcher(CONSOLE, CONSOLE + "/**", "/webjars/**")
			.requestCache(cache -> cache.requestCache(pages))
			.csrf(csrf -> csrf.csrfTokenRepository(csrfTokens()))
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
			.exceptionHandling(handling -> handling.accessDeniedHandler(refusals(json, open, trail))
				.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint(SIGN_IN)))
			.logout(logout -> logout.logoutUrl(CONSOLE + "/sign-out")
				.logoutSuccessUrl(SIGN_IN + "?signed-out")
				.addLogoutHandler((request, response, authentication) -> trail
					.record(CallerAuthentication.name(authentication), "sign-out", "console", 200, null, null)));
		if (open) {
			return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
		}
		if (!properties.allTokens().isEmpty()) {
			// a cap per token name, counted across instances in the shared session store
			http.sessionManagement(session -> session.maximumSessions(properties.maxSessions())
				.sessionRegistry(new SpringSessionBackedSessionRegistry<>(sessions))
				.expiredUrl(SIGN_IN + "?ended"));
			http.formLogin(form -> form.loginPage(SIGN_IN)
				.loginProcessingUrl(SIGN_IN)
				.passwordParameter("token")
				.successHandler(signedIn(pages, trail))
				.failureHandler(signInRefused(trail)))
				.authenticationManager(CallerAuthentication.consoleSignIn(properties));
		}
		// the sign-in page whatever its query (?error, ?signed-out, ?ended), and its
		// style
		return http
			.authorizeHttpRequests(requests -> requests.requestMatchers(SIGN_IN, CONSOLE + "/assets/sign-in.css")
				.permitAll()
				.anyRequest()
				.hasRole("VIEWER"))
			.build();
	}

	/**
	 * The API, actuator and OpenAPI description: bearer tokens or the console's session,
	 * never a new session; reads for viewers, notifications for pushers, every other
	 * change for operators.
	 */
	@Bean
	@Order(2)
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiProperties properties, JsonMapper json, AuditTrail trail)
			throws Exception {
		boolean open = isOpen(properties);
		http.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.NEVER))
			.requestCache(cache -> cache.disable())
			.csrf(csrf -> csrf.csrfTokenRepository(csrfTokens())
				.requireCsrfProtectionMatcher(request -> needsCsrfToken(request, open)))
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
			.exceptionHandling(handling -> handling.accessDeniedHandler(refusals(json, open, trail)));
		if (open) {
			log.warn(
					"server mode without authentication (local profile): anyone who reaches this port can launch runs");
			return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
		}
		AuthenticationManager tokens = CallerAuthentication.bearer(properties);
		AuthenticationEntryPoint entryPoint = challenge(json);
		return http
			.authorizeHttpRequests(requests -> requests
				.requestMatchers("/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**", "/error")
				.permitAll()
				.requestMatchers(HttpMethod.POST, "/api/v1/notifications/gcs")
				.hasAnyRole("PUSHER", "OPERATOR")
				.requestMatchers(HttpMethod.GET, "/api/**", "/actuator/**")
				.hasRole("VIEWER")
				.anyRequest()
				.hasRole("OPERATOR"))
			.exceptionHandling(handling -> handling.authenticationEntryPoint(entryPoint))
			.oauth2ResourceServer(server -> server.authenticationManagerResolver(request -> tokens)
				.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(refusals(json, false, trail)))
			.build();
	}

	/** One repository for both chains: the console reads its token, the API checks it. */
	private static CookieCsrfTokenRepository csrfTokens() {
		CookieCsrfTokenRepository tokens = new CookieCsrfTokenRepository();
		tokens.setHeaderName(CSRF_HEADER);
		tokens.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
		return tokens;
	}

	private static boolean isOpen(ApiProperties properties) {
		return properties.allTokens().isEmpty() && !properties.oidc().enabled();
	}

	/** 403 with problem details: what was missing, a CSRF token or a role. */
	private static AccessDeniedHandler refusals(JsonMapper json, boolean open, AuditTrail trail) {
		return (request, response, ex) -> {
			String caller = CallerAuthentication.name(SecurityContextHolder.getContext().getAuthentication());
			String detail = refusal(ex, open, caller);
			trail.record(caller, "refused", request.getMethod() + " " + request.getRequestURI(), 403, null, detail);
			writeProblem(json, request, response, HttpStatus.FORBIDDEN, detail);
		};
	}

	/** What records the API's changes, after security and around the controllers. */
	@Bean
	FilterRegistrationBean<AuditFilter> auditFilter(AuditTrail trail, JsonMapper json) {
		FilterRegistrationBean<AuditFilter> registration = new FilterRegistrationBean<>(new AuditFilter(trail, json));
		registration.addUrlPatterns("/api/v1/*");
		return registration;
	}

	private static String refusal(AccessDeniedException ex, boolean open, String caller) {
		if (ex instanceof CsrfException) {
			return open ? "a change from a browser page needs the console's CSRF token; a script sends "
					+ "Content-Type: application/json" : "a change made with a session needs its CSRF token";
		}
		return caller + " may not do this: reading needs the viewer role, notifications the pusher role, "
				+ "every other change the operator role";
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

	private static void requireAWayToAuthenticate(ApiProperties properties, Environment environment, boolean open) {
		if (open && !environment.acceptsProfiles(Profiles.of(LOCAL_PROFILE))) {
			throw new IllegalStateException("server mode needs a way to authenticate callers: set odds.api.token "
					+ "or odds.api.tokens (bearer tokens) and/or odds.api.oidc.audiences (Google OIDC ID tokens), or "
					+ "run with --spring.profiles.active=local for an API without authentication on this machine only");
		}
		if (properties.oidc().enabled() && properties.oidc().allowedEmails().isEmpty()) {
			throw new IllegalStateException("odds.api.oidc.audiences is set but odds.api.oidc.allowed-emails is empty: "
					+ "anyone can mint a Google-signed ID token for any audience (any service account, in any project), "
					+ "so every Google account could call; list the service accounts allowed to call");
		}
	}

	/** An API caller without a valid token: a bearer challenge and problem details. */
	private static AuthenticationEntryPoint challenge(JsonMapper json) {
		BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
		return (request, response, ex) -> {
			challenge.commence(request, response, ex); // sets WWW-Authenticate
			writeProblem(json, request, response, HttpStatus.UNAUTHORIZED,
					"a valid bearer token is needed: " + ex.getMessage());
		};
	}

	/** To the page asked for before sign-in, else the runs; recorded. */
	private static AuthenticationSuccessHandler signedIn(CookieRequestCache pages, AuditTrail trail) {
		SavedRequestAwareAuthenticationSuccessHandler back = new SavedRequestAwareAuthenticationSuccessHandler();
		back.setDefaultTargetUrl(CONSOLE + "/runs");
		back.setRequestCache(pages);
		return (request, response, authentication) -> {
			trail.record(authentication.getName(), "sign-in", "console", 200, null, null);
			back.onAuthenticationSuccess(request, response, authentication);
		};
	}

	/** Back to the form with a message, and no session for who failed; recorded. */
	private static AuthenticationFailureHandler signInRefused(AuditTrail trail) {
		SimpleUrlAuthenticationFailureHandler refused = new SimpleUrlAuthenticationFailureHandler(SIGN_IN + "?error");
		refused.setAllowSessionCreation(false);
		return (request, response, ex) -> {
			trail.record("anonymous", "sign-in", "console", 401, null, ex.getMessage());
			refused.onAuthenticationFailure(request, response, ex);
		};
	}

	/**
	 * A change a browser could be made to send to the API: with a token, any change that
	 * carries a session cookie and no bearer token; open (the {@code local} profile), any
	 * change but JSON, which another site's page cannot send without a CORS preflight
	 * this server never grants. A bearer token is never sent by a browser on its own.
	 */
	static boolean needsCsrfToken(HttpServletRequest request, boolean open) {
		if (Set.of("GET", "HEAD", "OPTIONS", "TRACE").contains(request.getMethod())) {
			return false;
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

	private static void writeProblem(JsonMapper json, HttpServletRequest request, HttpServletResponse response,
			HttpStatus status, String detail) throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setInstance(URI.create(request.getRequestURI()));
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), problem);
	}

}
