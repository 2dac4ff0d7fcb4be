package io.pedigree.auth.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.pedigree.error.PedigreeException.Unauthorized;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.Map;
import java.util.Set;

/**
 * Validates the provider's tokens with Nimbus: the signature against the provider's published keys (never
 * {@code alg: none}, never HMAC), then issuer, audience, expiry and, for ID tokens, the nonce of this sign-in. Every
 * failure is the same {@link Unauthorized}: a caller learns nothing about which check failed (the log does).
 */
final class TokenChecks {

    private static final Logger LOG = LoggerFactory.getLogger(TokenChecks.class);
    /** Tolerated difference between the provider's clock and ours. */
    static final int CLOCK_SKEW_SECONDS = 60;

    private final Provider provider;
    private final Clock clock;

    TokenChecks(Provider provider, Clock clock) {
        this.provider = provider;
        this.clock = clock;
    }

    /** The claims of an ID token issued to this client for the sign-in that sent {@code nonce}. */
    Map<String, Object> idToken(JWT token, Nonce nonce) {
        Provider.Discovered d = provider.get();
        OidcConfig c = provider.config();
        IDTokenValidator validator = new IDTokenValidator(d.metadata().getIssuer(), new ClientID(c.clientId()),
                d.keys(), null);
        validator.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        try {
            // Nimbus checks the nonce only when one is expected; this client always sends one, so always expects it.
            if (nonce == null) {
                throw new BadJOSEException("no nonce was sent");
            }
            return validator.validate(token, nonce).toJWTClaimsSet().getClaims();
        } catch (BadJOSEException | JOSEException | com.nimbusds.oauth2.sdk.ParseException e) {
            LOG.info("ID token refused: {}", e.getMessage());
            throw new Unauthorized();
        }
    }

    /**
     * The claims of an OAuth 2.0 access token that is a JWT from the configured issuer for Pedigree's audience:
     * a pipeline's client-credentials token or a person's.
     */
    Map<String, Object> accessToken(String token) {
        Provider.Discovered d = provider.get();
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        // "at+jwt" is RFC 9068's type for access tokens; many providers still say "JWT" or nothing.
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), null));
        processor.setJWSKeySelector(d.keys());
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                Set.of(provider.config().audience()),
                new JWTClaimsSet.Builder().issuer(d.metadata().getIssuer().getValue()).build(),
                Set.of("sub", "exp"), null) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
        try {
            return processor.process(JWTParser.parse(token), null).getClaims();
        } catch (ParseException | BadJOSEException | JOSEException e) {
            LOG.info("Access token refused: {}", e.getMessage());
            throw new Unauthorized();
        }
    }
}
