package io.oddsapi.batch.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.util.Collection;
import java.util.List;

import com.nimbusds.jwt.JWTParser;
import io.oddsapi.batch.run.InvalidRequestValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/**
 * Who a caller is, and with which role: a named token of {@code odds.api.tokens} (or
 * {@code odds.api.token}, the operator {@code default}), compared in constant time; else
 * a Google-signed OIDC ID token, checked by Spring Security's own validators, whose
 * caller is a pusher named by its email.
 */
final class CallerAuthentication {

	private static final Logger log = LoggerFactory.getLogger(CallerAuthentication.class);

	private CallerAuthentication() {
	}

	/** The role's authorities: an operator is a viewer too. */
	static Collection<GrantedAuthority> authorities(ApiProperties.Role role) {
		return switch (role) {
			case PUSHER -> AuthorityUtils.createAuthorityList("ROLE_PUSHER");
			case VIEWER -> AuthorityUtils.createAuthorityList("ROLE_VIEWER");
			case OPERATOR -> AuthorityUtils.createAuthorityList("ROLE_OPERATOR", "ROLE_VIEWER");
		};
	}

	/**
	 * The bearer token of an API call: a named token, else (when it parses as one) a JWT.
	 */
	static AuthenticationManager bearer(ApiProperties properties) {
		List<ApiProperties.NamedToken> tokens = properties.allTokens();
		JwtAuthenticationProvider oidc = properties.oidc().enabled() ? oidc(properties.oidc()) : null;
		return authentication -> {
			String given = ((BearerTokenAuthenticationToken) authentication).getToken();
			ApiProperties.NamedToken named = match(tokens, given);
			if (named != null) {
				return UsernamePasswordAuthenticationToken.authenticated(named.name(), null, authorities(named.role()));
			}
			if (oidc != null && isJwt(given)) {
				return oidc.authenticate(authentication);
			}
			throw new InvalidBearerTokenException(oidc == null ? "the token is not one of the configured tokens"
					: "the token is neither one of the configured tokens nor a Google-signed ID token");
		};
	}

	private static boolean isJwt(String token) {
		try {
			JWTParser.parse(token);
			return true;
		}
		catch (ParseException notAJwt) {
			return false;
		}
	}

	/** Every token compared, so that the time taken says nothing of which one matched. */
	private static ApiProperties.NamedToken match(List<ApiProperties.NamedToken> tokens, String given) {
		byte[] bytes = given == null ? new byte[0] : given.getBytes(StandardCharsets.UTF_8);
		ApiProperties.NamedToken found = null;
		for (ApiProperties.NamedToken token : tokens) {
			if (MessageDigest.isEqual(token.token().getBytes(StandardCharsets.UTF_8), bytes)) {
				found = token;
			}
		}
		return found;
	}

	/**
	 * The console's sign-in form: a viewer's or an operator's token, whose name the
	 * session and the log lines carry. A pusher's token is refused: it may only push.
	 */
	static AuthenticationManager consoleSignIn(ApiProperties properties) {
		List<ApiProperties.NamedToken> tokens = properties.allTokens();
		return authentication -> {
			Object given = authentication.getCredentials();
			ApiProperties.NamedToken named = match(tokens, given == null ? null : given.toString());
			if (named == null || named.role() == ApiProperties.Role.PUSHER) {
				log.warn("console sign-in refused: {}", named == null ? "a token that is not the server's"
						: "the pusher token " + InvalidRequestValue.printable(named.name()));
				throw new BadCredentialsException("that is not the server's token");
			}
			log.info("console sign-in: {} ({})", named.name(), named.role().name().toLowerCase());
			return UsernamePasswordAuthenticationToken.authenticated(named.name(), null, authorities(named.role()));
		};
	}

	/** An ID token of an allowed Google service account: a pusher named by its email. */
	static JwtAuthenticationProvider oidc(ApiProperties.Oidc oidc) {
		JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder(oidc));
		JwtAuthenticationConverter pusher = new JwtAuthenticationConverter();
		pusher.setPrincipalClaimName("email");
		pusher.setJwtGrantedAuthoritiesConverter(jwt -> authorities(ApiProperties.Role.PUSHER));
		provider.setJwtAuthenticationConverter(pusher);
		return provider;
	}

	static NimbusJwtDecoder decoder(ApiProperties.Oidc oidc) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(oidc.jwkSetUri()).build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
				new JwtClaimValidator<Object>(JwtClaimNames.ISS,
						issuer -> issuer != null && oidc.issuers().contains(issuer.toString())),
				new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
						audience -> audience != null && audience.stream().anyMatch(oidc.audiences()::contains)),
				new JwtClaimValidator<String>("email", email -> email != null && oidc.allowedEmails().contains(email)),
				new JwtClaimValidator<Boolean>("email_verified", Boolean.TRUE::equals)));
		return decoder;
	}

	/** The caller's name, as the logs and the console show it. */
	static String name(Authentication authentication) {
		return authentication == null || authentication instanceof AnonymousAuthenticationToken ? "anonymous"
				: authentication.getName();
	}

}
