package io.oddsapi.batch.api;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.oddsapi.batch.support.ApiClient;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Who may call the API: the static token, or a Google-style OIDC ID token, checked
 * against a local JWKS (the tests sign with a key of their own, as Google signs with its
 * own). Health and the OpenAPI description are open.
 */
class ApiSecurityTests extends FunctionalTest {

	static final String TOKEN = "static-token-0123456789";

	static final String VIEWER_TOKEN = "viewer-token-0123456789";

	static final String LAUNCH = "{\"endpoint\":\"game-lines\",\"gameDate\":\"2026-01-14\"}";

	/** A deletion: acknowledged and left alone (204), whoever may push it. */
	static final String NOTIFICATION = NotificationsFunctionalTests.pubSubEnvelope("odds-bucket",
			"odds-api/game-lines/2026-01-14/e1-LALBOS/20260114_010000-snap-0100.json", "OBJECT_DELETE");

	static final List<String> VERBS = List.of("restart", "stop", "recover", "abandon");

	static final String AUDIENCE = "https://odds-batch-abc123-uc.a.run.app";

	static final String PUSHER = "pubsub-push@odds-project.iam.gserviceaccount.com";

	private RSAKey googleKey;

	private HttpServer jwks;

	private ApiClient anonymous;

	@BeforeEach
	void serveKeySetAndStartServer() throws Exception {
		googleKey = new RSAKeyGenerator(2048).keyID("google-1").generate();
		byte[] keySet = new JWKSet(googleKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
		jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		jwks.createContext("/oauth2/v3/certs", exchange -> {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, keySet.length);
			exchange.getResponseBody().write(keySet);
			exchange.close();
		});
		jwks.start();
		JobHarness server = start(database(Backend.H2), "odds.mode=server", "server.port=0", "odds.api.token=" + TOKEN,
				"odds.api.tokens[0].name=vic", "odds.api.tokens[0].token=" + VIEWER_TOKEN,
				"odds.api.tokens[0].role=viewer", "odds.api.oidc.audiences=" + AUDIENCE,
				"odds.api.oidc.allowed-emails=" + PUSHER,
				"odds.api.oidc.jwk-set-uri=http://127.0.0.1:" + jwks.getAddress().getPort() + "/oauth2/v3/certs");
		anonymous = ApiClient.of(server, null);
	}

	@AfterEach
	void stopKeySet() {
		jwks.stop(0);
	}

	private String idToken(RSAKey key, String issuer, String audience, String email, Instant expires)
			throws JOSEException {
		return idToken(key, issuer, audience, email, true, expires);
	}

	private static JWTClaimsSet claims(String issuer, String audience, String email, boolean verified,
			Instant expires) {
		return new JWTClaimsSet.Builder().issuer(issuer)
			.audience(audience)
			.subject("1234567890")
			.claim("email", email)
			.claim("email_verified", verified)
			.issueTime(Date.from(expires.minus(Duration.ofHours(1))))
			.expirationTime(Date.from(expires))
			.build();
	}

	private String idToken(RSAKey key, String issuer, String audience, String email, boolean verified, Instant expires)
			throws JOSEException {
		JWTClaimsSet claims = claims(issuer, audience, email, verified, expires);
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	private String validToken() throws JOSEException {
		return idToken(googleKey, "https://accounts.google.com", AUDIENCE, PUSHER, Instant.now().plusSeconds(3600));
	}

	private void assertUnauthorized(String token, String detail) {
		ApiClient.Response response = anonymous.withToken(token).get("/api/v1/executions");
		assertThat(response.status()).as(response.toString()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().path("detail").asString()).contains(detail);
	}

	@Test
	void acceptsTheTokensAndAGoogleIdTokenForTheAudienceFromAnAllowedCaller() throws Exception {
		assertThat(anonymous.withToken(TOKEN).get("/api/v1/executions").status()).isEqualTo(200);
		assertThat(anonymous.withToken(VIEWER_TOKEN).get("/api/v1/executions").status()).isEqualTo(200);
		assertThat(anonymous.withToken(validToken()).post("/api/v1/notifications/gcs", NOTIFICATION).status())
			.isEqualTo(204);
		assertThat(anonymous
			.withToken(idToken(googleKey, "accounts.google.com", AUDIENCE, PUSHER, Instant.now().plusSeconds(60)))
			.post("/api/v1/notifications/gcs", NOTIFICATION)
			.status()).as("Google's issuer without scheme").isEqualTo(204);
	}

	/**
	 * The pusher may only push; a viewer reads everything and changes nothing; an
	 * operator does both. Each refusal is a 403 problem, before the API looks at the
	 * execution.
	 */
	@Test
	void eachRoleMayDoWhatItIsForAndNoMore() throws Exception {
		ApiClient pusher = anonymous.withToken(validToken());
		ApiClient viewer = anonymous.withToken(VIEWER_TOKEN);
		ApiClient operator = anonymous.withToken(TOKEN);
		for (String verb : VERBS) {
			assertForbidden(pusher.post("/api/v1/executions/999/" + verb, ""));
			assertForbidden(viewer.post("/api/v1/executions/999/" + verb, ""));
			assertThat(operator.post("/api/v1/executions/999/" + verb, "").status()).as(verb).isEqualTo(404);
		}
		assertThat(pusher.post("/api/v1/notifications/gcs", NOTIFICATION).status()).isEqualTo(204);
		assertForbidden(pusher.get("/actuator/prometheus"));
		assertForbidden(pusher.get("/api/v1/executions"));
		assertForbidden(pusher.post("/api/v1/batches", LAUNCH));
		assertThat(viewer.get("/actuator/prometheus").status()).isEqualTo(200);
		assertThat(viewer.get("/api/v1/locks").status()).isEqualTo(200);
		assertForbidden(viewer.post("/api/v1/batches", LAUNCH));
		assertForbidden(viewer.post("/api/v1/notifications/gcs", NOTIFICATION));
		assertThat(operator.post("/api/v1/notifications/gcs", NOTIFICATION).status()).isEqualTo(204);
		assertThat(operator.post("/api/v1/batches", LAUNCH).status()).isIn(200, 202);

		JsonNode trail = viewer.get("/api/v1/audit?size=200").json();
		List<String> events = new ArrayList<>();
		trail.path("events")
			.forEach(event -> events.add(event.path("actor").asString() + " " + event.path("action").asString() + " "
					+ event.path("outcome").asInt()));
		assertThat(events).as("who did what, refusals included")
			.contains(PUSHER + " refused 403", "vic refused 403", "default restart 404", "default notification 204",
					PUSHER + " notification 204")
			.anySatisfy(event -> assertThat(event).matches("default launch 20[02]"))
			.noneSatisfy(event -> assertThat(event).startsWith("vic launch"));
		assertThat(trail.path("total").asLong()).isEqualTo(events.size());
	}

	private static void assertForbidden(ApiClient.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(403);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().path("detail").asString()).contains("may not do this");
	}

	@Test
	void refusesMissingWrongExpiredAndForeignTokens() throws Exception {
		assertUnauthorized(null, "a valid bearer token is needed");
		assertUnauthorized("not-the-token-at-all-0000",
				"neither one of the configured tokens nor a Google-signed ID token");
		assertUnauthorized(idToken(googleKey, "https://accounts.google.com", "https://someone-else.run.app", PUSHER,
				Instant.now().plusSeconds(3600)), "The aud claim is not valid");
		assertUnauthorized(
				idToken(googleKey, "https://accounts.google.com", AUDIENCE, PUSHER, Instant.now().minusSeconds(600)),
				"expired");
		RSAKey foreignKey = new RSAKeyGenerator(2048).keyID("google-1").generate();
		assertUnauthorized(
				idToken(foreignKey, "https://accounts.google.com", AUDIENCE, PUSHER, Instant.now().plusSeconds(3600)),
				"Signed JWT rejected");
		assertUnauthorized(
				idToken(googleKey, "https://accounts.google.com", AUDIENCE,
						"intruder@other-project.iam.gserviceaccount.com", Instant.now().plusSeconds(3600)),
				"The email claim is not valid");
		assertUnauthorized(
				idToken(googleKey, "https://evil.example.com", AUDIENCE, PUSHER, Instant.now().plusSeconds(3600)),
				"The iss claim is not valid");
		assertUnauthorized(idToken(googleKey, "https://accounts.google.com", AUDIENCE, PUSHER, false,
				Instant.now().plusSeconds(3600)), "The email_verified claim is not valid");
		// alg "none": the claims of a valid token, unsigned
		String unsigned = new PlainJWT(
				claims("https://accounts.google.com", AUDIENCE, PUSHER, true, Instant.now().plusSeconds(3600)))
			.serialize();
		assertUnauthorized(unsigned, "");
		ApiClient.Response post = anonymous.post("/api/v1/batches",
				"{\"endpoint\":\"game-lines\",\"gameDate\":\"2026-01-14\"}");
		assertThat(post.status()).as("nothing launched without a token").isEqualTo(401);
	}

	@Test
	void healthAndTheApiDescriptionAreOpenOtherActuatorEndpointsAreNot() {
		assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
		assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);
		assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
		assertThat(anonymous.get("/actuator/prometheus").status()).isEqualTo(401);
		assertThat(anonymous.get("/actuator/env").status()).isIn(401, 404);
		ApiClient.Response metrics = anonymous.withToken(TOKEN).get("/actuator/prometheus");
		assertThat(metrics.status()).isEqualTo(200);
		assertThat(metrics.body()).contains("jvm_memory_used_bytes");
	}

	@Test
	void refusesToStartWithNoWayToAuthenticateUnlessTheLocalProfileIsOn() {
		assertThatThrownBy(() -> start(database(Backend.H2), "odds.mode=server", "server.port=0")).rootCause()
			.hasMessageContaining("server mode needs a way to authenticate callers: set odds.api.token");
		JobHarness local = start(database(Backend.H2), "odds.mode=server", "server.port=0",
				"spring.profiles.active=local");
		assertThat(ApiClient.of(local, null).get("/api/v1/executions").status()).isEqualTo(200);
		// issue 14: open, so on this machine only, unless an address is set explicitly
		assertThat(local.bean(Environment.class).getProperty("server.address")).isEqualTo("127.0.0.1");
		JobHarness opened = start(database(Backend.H2), "odds.mode=server", "server.port=0",
				"spring.profiles.active=local", "server.address=0.0.0.0");
		assertThat(opened.bean(Environment.class).getProperty("server.address")).isEqualTo("0.0.0.0");
	}

	// issue 14: anyone can mint a Google-signed ID token for any audience, so audiences
	// alone would let every Google
	// account call
	@Test
	void refusesToStartWithOidcAudiencesButNoAllowedCallers() {
		assertThatThrownBy(() -> start(database(Backend.H2), "odds.mode=server", "server.port=0",
				"odds.api.oidc.audiences=" + AUDIENCE))
			.rootCause()
			.hasMessageContaining("odds.api.oidc.allowed-emails is empty")
			.hasMessageContaining("any service account, in any project");
	}

	@Test
	void refusesAShortStaticToken() {
		assertThatThrownBy(
				() -> start(database(Backend.H2), "odds.mode=server", "server.port=0", "odds.api.token=short"))
			.rootCause()
			.hasMessageContaining("odds.api.token must be at least 16 characters");
	}

}
