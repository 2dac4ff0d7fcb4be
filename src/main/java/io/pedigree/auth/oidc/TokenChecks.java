package io.pedigree.auth.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.proc.BadJWTException;
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
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.Set;

/**
 * Validates the provider's tokens with Nimbus: the signature against the provider's published keys (never
 * {@code alg: none}, never HMAC), then issuer, audience, expiry (by the injected clock) and, for ID tokens, the nonce
 * of this sign-in. Every failure is the same {@link Unauthorized}: a caller learns nothing about which check failed
 * (the log does).
 */
final class TokenChecks {

    private static final Logger LOG = LoggerFactory.getLogger(TokenChecks.class);
    /** Tolerated difference between the provider's clock and ours. */
    static final int CLOCK_SKEW_SECONDS = 60;
    /**
     * Nimbus's ID token validator compares expiry and issue time with the system clock and has no hook for
     * another, so it is given a skew so large that those checks never fail; {@link #onTime} then checks the same
     * times against the injected clock with {@link #CLOCK_SKEW_SECONDS}.
     */
    private static final int SYSTEM_CLOCK_CHECKS_OFF = (int) Duration.ofDays(3650).toSeconds();

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
        validator.setMaxClockSkew(SYSTEM_CLOCK_CHECKS_OFF);
        try {
            // Nimbus checks the nonce only when one is expected; this client always sends one, so always expects it.
            if (nonce == null) {
                throw new BadJOSEException("no nonce was sent");
            }
            JWTClaimsSet claims = validator.validate(token, nonce).toJWTClaimsSet();
            onTime(claims);
            return claims.getClaims();
        } catch (BadJOSEException | JOSEException | com.nimbusds.oauth2.sdk.ParseException e) {
            LOG.info("ID token refused: {}", e.getMessage());
            throw new Unauthorized();
        }
    }

    /**
     * Refuses an ID token that, by the injected clock, has expired, is not yet valid, or was issued in the future,
     * each with {@link #CLOCK_SKEW_SECONDS} of tolerance. Nimbus has already required {@code exp} and {@code iat}.
     */
    private void onTime(JWTClaimsSet claims) throws BadJOSEException {
        DefaultJWTClaimsVerifier<SecurityContext> times = new DefaultJWTClaimsVerifier<>(null, null,
                Set.of("exp", "iat"), null) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        times.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        times.verify(claims, null);
        Date latest = Date.from(clock.instant().plusSeconds(CLOCK_SKEW_SECONDS));
        if (claims.getIssueTime().after(latest)) {
            throw new BadJWTException("ID token issued in the future");
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
