package io.oddsapi.batch.api;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code odds.api.*}: server mode's REST API.
 *
 * @param token a static bearer token (local use, scripts); empty: none accepted
 * @param oidc Google-signed OIDC ID tokens (Pub/Sub push, Eventarc, Cloud Scheduler); on
 * when audiences are given
 * @param launchThreads runs this server executes at once; a launch that finds them all
 * busy is answered 503
 * @param startWait how long {@code POST /batches} waits for its run's execution id before
 * answering without it
 * @param allowedHosts host names requests may be addressed to (the {@code Host} header),
 * besides loopback names; empty: any under a token, loopback only under the {@code local}
 * profile
 */
@Validated
@ConfigurationProperties("odds.api")
public record ApiProperties(String token, @Valid @NotNull @DefaultValue Oidc oidc,
		@Min(1) @Max(64) @DefaultValue("4") int launchThreads, @NotNull @DefaultValue("PT2S") Duration startWait,
		List<String> allowedHosts) {

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

	public ApiProperties {
		token = token == null || token.isBlank() ? null : token;
		allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
		if (token != null && token.length() < 16) {
			throw new IllegalArgumentException("odds.api.token must be at least 16 characters (a random secret)");
		}
	}
}
