package io.pedigree.auth.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.openid.connect.sdk.Nonce;
import io.pedigree.error.PedigreeException.Unauthorized;
import io.pedigree.testing.Idp;
import io.pedigree.testing.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ID tokens as the callback checks them, against a real provider's keys fetched through its discovery document:
 * a token the token endpoint would never hand over (no nonce, another nonce, another client...) is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdTokenChecksIT {

    private static final Nonce NONCE = new Nonce("n-0S6_WzA2Mj");

    private Idp idp;
    private OidcConfig config;
    private TokenChecks checks;

    @BeforeAll
    void start() {
        idp = Idp.start();
        Map<String, String> env = idp.settings(7070);
        config = OidcConfig.parse(new OidcConfig.Raw(env.get("PEDIGREE_OIDC_ISSUER"), Idp.CLIENT_ID,
                Idp.CLIENT_SECRET, env.get("PEDIGREE_OIDC_REDIRECT_URL"), "openid", "groups", Idp.ROLES,
                Idp.AUDIENCE, true));
        checks = new TokenChecks(new Provider(config, Clock.systemUTC()), Clock.systemUTC());
    }

    /** Checks that tell time by {@code clock}, as the app's do by the clock the composition root injects. */
    private TokenChecks checksAt(Clock clock) {
        return new TokenChecks(new Provider(config, clock), clock);
    }

    @AfterAll
    void stop() {
        idp.close();
    }

    private Map<String, Object> idToken() {
        Map<String, Object> c = new HashMap<>();
        c.put("iss", idp.issuer());
        c.put("aud", Idp.CLIENT_ID);
        c.put("sub", "ana");
        c.put("nonce", NONCE.getValue());
        c.put("groups", List.of("staff"));
        return c;
    }

    private JWT signed(Map<String, Object> claims) {
        return idp.signed(claims, Duration.ofMinutes(5));
    }

    @Test
    void aGoodIdTokenPasses() {
        assertThat(checks.idToken(signed(idToken()), NONCE)).containsEntry("sub", "ana");
    }

    @Test
    void anIdTokenWithoutTheNonceIsRefused() {
        Map<String, Object> c = idToken();
        c.remove("nonce");
        assertThatThrownBy(() -> checks.idToken(signed(c), NONCE)).isInstanceOf(Unauthorized.class);
    }

    @Test
    void anIdTokenForAnotherSignInIsRefused() {
        Map<String, Object> c = idToken();
        c.put("nonce", "another");
        assertThatThrownBy(() -> checks.idToken(signed(c), NONCE)).isInstanceOf(Unauthorized.class);
    }

    @Test
    void anIdTokenForAnotherClientIsRefused() {
        Map<String, Object> c = idToken();
        c.put("aud", "another-client");
        assertThatThrownBy(() -> checks.idToken(signed(c), NONCE)).isInstanceOf(Unauthorized.class);
    }

    @Test
    void anIdTokenFromAnotherIssuerIsRefused() {
        Map<String, Object> c = idToken();
        c.put("iss", "http://localhost:1/acme");
        assertThatThrownBy(() -> checks.idToken(signed(c), NONCE)).isInstanceOf(Unauthorized.class);
    }

    @Test
    void anExpiredIdTokenIsRefused() {
        JWT expired = idp.signed(idToken(), Duration.ofMinutes(-10));
        assertThatThrownBy(() -> checks.idToken(expired, NONCE)).isInstanceOf(Unauthorized.class);
    }

    @Test
    void anIdTokenExpiredByTheAppsClockIsRefused() {
        MutableClock clock = new MutableClock();
        TokenChecks at = checksAt(clock);
        JWT token = idp.signed(idToken(), Duration.ofMinutes(5));
        assertThat(at.idToken(token, NONCE)).containsEntry("sub", "ana");

        // Still within the minute of tolerance for the provider's clock being ahead of ours.
        clock.advance(Duration.ofMinutes(5).plusSeconds(30));
        assertThat(at.idToken(token, NONCE)).containsEntry("sub", "ana");

        clock.advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> at.idToken(token, NONCE)).isInstanceOf(Unauthorized.class);
    }

    @Test
    void anIdTokenIssuedInTheFutureByTheAppsClockIsRefused() {
        Map<String, Object> c = idToken();
        // Without "not before", the issue time alone must give it away.
        c.put("nbf", null);
        JWT token = signed(c);
        TokenChecks at = checksAt(new MutableClock(Instant.now().minus(Duration.ofMinutes(10))));
        assertThatThrownBy(() -> at.idToken(token, NONCE)).isInstanceOf(Unauthorized.class);
    }

    @Test
    void anIdTokenNotYetValidByTheAppsClockIsRefused() {
        Map<String, Object> c = idToken();
        c.put("nbf", Instant.now().plus(Duration.ofMinutes(3)).getEpochSecond());
        JWT token = signed(c);
        MutableClock clock = new MutableClock();
        TokenChecks at = checksAt(clock);
        assertThatThrownBy(() -> at.idToken(token, NONCE)).isInstanceOf(Unauthorized.class);

        clock.advance(Duration.ofMinutes(3));
        assertThat(at.idToken(token, NONCE)).containsEntry("sub", "ana");
    }

    @Test
    void unsignedAndHmacIdTokensAreRefused() throws Exception {
        SignedJWT good = (SignedJWT) signed(idToken());
        assertThatThrownBy(() -> checks.idToken(new PlainJWT(good.getJWTClaimsSet()), NONCE))
                .isInstanceOf(Unauthorized.class);
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), good.getJWTClaimsSet());
        hmac.sign(new MACSigner(Idp.CLIENT_SECRET.repeat(4)));
        assertThatThrownBy(() -> checks.idToken(hmac, NONCE)).isInstanceOf(Unauthorized.class);
    }
}
