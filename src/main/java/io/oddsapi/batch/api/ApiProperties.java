package io.oddsapi.batch.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code odds.api.*}: server mode's REST API.
 *
 * @param token a static bearer token with the operator role, named {@code default};
 * empty: none
 * @param tokens named bearer tokens, each with its role: what callers and console
 * sign-ins use, their names what the logs record
 * @param oidc Google-signed OIDC ID tokens (Pub/Sub push, Eventarc, Cloud Scheduler); on
 * when audiences are given
 * @param launchThreads runs this server executes at once; a launch that finds them all
 * busy is answered 503
 * @param startWait how long {@code POST /batches} waits for its run's execution id before
 * answering without it
 * @param maxSessions console sessions one token's name may hold at once; a sign-in past
 * it ends that name's oldest session
 * @param allowedHosts host names requests may be addressed to (the {@code Host} header),
 * besides loopback names; empty: any under a token, loopback only under the {@code local}
 * profile
 */
@Validated
@ConfigurationProperties("odds.api")
public record ApiProperties(String token, List<@Valid NamedToken> tokens, @Valid @NotNull @DefaultValue Oidc oidc,
		@Min(1) @Max(64) @DefaultValue("4") int launchThreads, @NotNull @DefaultValue("PT2S") Duration startWait,
		@Min(1) @DefaultValue("5") int maxSessions, List<String> allowedHosts) {

	/**
	 * @param audiences accepted {@code aud} values: the service's URL, or the audience
	 * set on the push subscription
	 * @param allowedEmails service accounts allowed to call (the {@code email} claim,
	 * verified by Google); required with audiences, since anyone can mint a Google-signed
	 * ID token for any audience
	 * @param issuers accepted {@code iss} values
	 * @param jwkSetUri where the issuer's signing keys are
	 */
	public record Oidc(List<String> audiences, List<String> allowedEmails, @DefaultValue( {
			"https://accounts.google.com", "accounts.google.com" }) List<String> issuers,
			@NotNull @DefaultValue("https://www.googleapis.com/oauth2/v3/certs") String jwkSetUri){

		public Oidc {
			audiences = audiences == null ? List.of() : List.copyOf(audiences);
			allowedEmails = allowedEmails == null ? List.of() : List.copyOf(allowedEmails);
			issuers = issuers == null ? List.of() : List.copyOf(issuers);
		}

		public boolean enabled() {
			return !audiences.isEmpty();
		}
	}

	/**
	 * What a caller may do. {@code pusher}: only push notifications
	 * ({@code POST /api/v1/notifications/gcs}); {@code viewer}: read everything;
	 * {@code operator}: read, and launch, restart, stop, recover and abandon.
	 */
	public enum Role {

		PUSHER, VIEWER, OPERATOR

	}

	/**
	 * @param name who uses it, as the logs and the console show
	 * @param token the secret, at least 16 characters
	 * @param role what its caller may do
	 */
	public record NamedToken(@NotBlank String name, @NotBlank String token, @NotNull Role role) {

		public NamedToken {
			if (token != null && token.length() < 16) {
				throw new IllegalArgumentException(
						"the token named " + name + " must be at least 16 characters (a random secret)");
			}
		}

	}

	public ApiProperties {
		token = token == null || token.isBlank() ? null : token;
		tokens = tokens == null ? List.of() : List.copyOf(tokens);
		allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
		if (token != null && token.length() < 16) {
			throw new IllegalArgumentException("odds.api.token must be at least 16 characters (a random secret)");
		}
		Set<String> names = new HashSet<>();
		Set<String> secrets = new HashSet<>();
		for (NamedToken named : allTokens(token, tokens)) {
			if (!names.add(named.name()) || !secrets.add(named.token())) {
				throw new IllegalArgumentException("odds.api.tokens: the name " + named.name()
						+ " or its secret is given twice (odds.api.token is named default)");
			}
		}
	}

	/**
	 * Every accepted token: the named ones, and {@code token} as the operator default.
	 */
	public List<NamedToken> allTokens() {
		return allTokens(token, tokens);
	}

	private static List<NamedToken> allTokens(String token, List<NamedToken> tokens) {
		List<NamedToken> all = new ArrayList<>(tokens);
		if (token != null) {
			all.add(new NamedToken("default", token, Role.OPERATOR));
		}
		return all;
	}
}
