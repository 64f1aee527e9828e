package io.oddsapi.batch.api;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingRequestWrapper;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Records every change the API was asked for and let through (security records what it
 * refused): who, which action on what, the answer's status and what it said. Runs after
 * security, around the controllers.
 */
class AuditFilter extends OncePerRequestFilter {

	private static final Pattern VERB = Pattern.compile("/api/v1/executions/(\\d+)/(restart|stop|recover|abandon)");

	private static final int MAX_BODY = 64 * 1024;

	private final AuditTrail trail;

	private final JsonMapper json;

	AuditFilter(AuditTrail trail, JsonMapper json) {
		this.trail = trail;
		this.json = json;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ContentCachingRequestWrapper cachedRequest = new ContentCachingRequestWrapper(request, MAX_BODY);
		ContentCachingResponseWrapper cachedResponse = new ContentCachingResponseWrapper(response);
		try {
			chain.doFilter(cachedRequest, cachedResponse);
		}
		finally {
			record(cachedRequest, cachedResponse);
			cachedResponse.copyBodyToResponse();
		}
	}

	private void record(ContentCachingRequestWrapper request, ContentCachingResponseWrapper response) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		JsonNode answer = read(response.getContentAsByteArray());
		Long started = answer.path("executionId").isNumber() ? answer.path("executionId").asLong() : null;
		String detail = answer.path("detail").isString() ? answer.path("detail").asString()
				: answer.path("status").asString(null);
		Matcher verb = VERB.matcher(path);
		if (verb.matches()) {
			long id = Long.parseLong(verb.group(1));
			trail.record(actor(), verb.group(2), "execution " + id, response.getStatus(), id, detail);
		}
		else if (path.equals("/api/v1/batches")) {
			JsonNode asked = read(request.getContentAsByteArray());
			trail.record(actor(), "launch",
					asked.path("endpoint").asString("?") + " " + asked.path("gameDate").asString("?"),
					response.getStatus(), started, detail);
		}
		else if (path.equals("/api/v1/ranges")) {
			JsonNode asked = read(request.getContentAsByteArray());
			trail.record(actor(), "launch range",
					asked.path("endpoint").asString("?") + " " + asked.path("from").asString("?") + " to "
							+ asked.path("to").asString("?"),
					response.getStatus(), null,
					answer.path("id").isNumber() ? "range " + answer.path("id").asLong() : detail);
		}
		else if (path.equals("/api/v1/notifications/gcs")) {
			trail.record(actor(), "notification", path, response.getStatus(), started, detail);
		}
	}

	private JsonNode read(byte[] body) {
		try {
			return body.length == 0 ? json.missingNode() : json.readTree(body);
		}
		catch (JacksonException notJson) {
			return json.missingNode();
		}
	}

	/** The caller's name; anonymous is only let through under the open local profile. */
	static String actor() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication == null || authentication instanceof AnonymousAuthenticationToken ? "local"
				: authentication.getName();
	}

}
