package io.pedigree.auth.oidc;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.openid.connect.sdk.Nonce;
import io.pedigree.error.PedigreeException.Unauthorized;
import io.pedigree.testing.Idp;
import io.pedigree.testing.MutableClock;
import io.pedigree.testing.RotatingIdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.pedigree.testing.RotatingIdp.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The provider rotates its signing keys while Pedigree runs: both kinds of token, checked as the app checks them,
 * against a provider whose published keys the test changes, with the app's clock set by the test.
 */
class KeyRotationIT {

    private static final String CLIENT_ID = "pedigree";
    private static final String AUDIENCE = "pedigree-api";
    private static final Nonce NONCE = new Nonce("rotation-nonce");

    private RotatingIdp idp;
    private MutableClock clock;
    private TokenChecks checks;

    @BeforeEach
    void start() {
        idp = RotatingIdp.start();
        clock = new MutableClock();
        OidcConfig config = OidcConfig.parse(new OidcConfig.Raw(idp.issuer(), CLIENT_ID, "secret",
                "http://127.0.0.1:7070/signin/oidc/callback", "openid", "groups", Idp.ROLES, AUDIENCE, true));
        checks = new TokenChecks(new Provider(config, clock), clock);
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    private String accessToken(RSAKey key) {
        return idp.accessToken(key, AUDIENCE);
    }

    private SignedJWT idToken(RSAKey key) {
        return idp.sign(key, null, new JWTClaimsSet.Builder().audience(CLIENT_ID).claim("nonce", NONCE.getValue()));
    }

    @Test
    void aKeyTheProviderRotatesInAfterStartIsFetchedAtOnceAndAccepted() {
        RSAKey first = key("2026-01");
        idp.publish(first);
        assertThat(checks.accessToken(accessToken(first))).containsEntry("sub", "ci");
        assertThat(idp.jwksFetches()).isEqualTo(1);

        RSAKey second = key("2026-02");
        idp.publish(first, second);
        // Seconds later, well inside the 5 minutes the set is cached: the unknown kid makes Pedigree fetch it again.
        clock.advance(Duration.ofSeconds(5));
        assertThat(checks.accessToken(accessToken(second))).containsEntry("sub", "ci");
        assertThat(checks.idToken(idToken(second), NONCE)).containsEntry("sub", "ci");
        assertThat(checks.accessToken(accessToken(first))).containsEntry("sub", "ci");
        assertThat(idp.jwksFetches()).isEqualTo(2);
    }

    @Test
    void aKeyTheProviderRemovedIsRefusedOnceTheCachedSetExpires() {
        RSAKey old = key("2026-01");
        RSAKey current = key("2026-02");
        idp.publish(old, current);
        String signedWithOld = accessToken(old);
        assertThat(checks.accessToken(signedWithOld)).containsEntry("sub", "ci");

        idp.publish(current);
        // The documented cache time: the set Pedigree holds is good for 5 minutes.
        clock.advance(Duration.ofMinutes(4));
        assertThat(checks.accessToken(signedWithOld)).containsEntry("sub", "ci");
        assertThat(idp.jwksFetches()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThatThrownBy(() -> checks.accessToken(signedWithOld)).isInstanceOf(Unauthorized.class);
        assertThatThrownBy(() -> checks.idToken(idToken(old), NONCE)).isInstanceOf(Unauthorized.class);
        assertThat(checks.accessToken(accessToken(current))).containsEntry("sub", "ci");
    }

    @Test
    void aTokenNamingAKeyTheProviderNeverPublishedIsRefused() {
        idp.publish(key("2026-01"));
        // Same kid, another key: the signature does not verify.
        assertThatThrownBy(() -> checks.accessToken(accessToken(key("2026-01")))).isInstanceOf(Unauthorized.class);
        assertThatThrownBy(() -> checks.accessToken(accessToken(key("forged")))).isInstanceOf(Unauthorized.class);
    }
}
