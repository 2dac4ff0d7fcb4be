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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.time.Duration;
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
    private TokenChecks checks;

    @BeforeAll
    void start() {
        idp = Idp.start();
        Map<String, String> env = idp.settings(7070);
        OidcConfig config = OidcConfig.parse(new OidcConfig.Raw(env.get("PEDIGREE_OIDC_ISSUER"), Idp.CLIENT_ID,
                Idp.CLIENT_SECRET, env.get("PEDIGREE_OIDC_REDIRECT_URL"), "openid", "groups", Idp.ROLES,
                Idp.AUDIENCE, true));
        checks = new TokenChecks(new Provider(config, Clock.systemUTC()), Clock.systemUTC());
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
    void unsignedAndHmacIdTokensAreRefused() throws Exception {
        SignedJWT good = (SignedJWT) signed(idToken());
        assertThatThrownBy(() -> checks.idToken(new PlainJWT(good.getJWTClaimsSet()), NONCE))
                .isInstanceOf(Unauthorized.class);
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), good.getJWTClaimsSet());
        hmac.sign(new MACSigner(Idp.CLIENT_SECRET.repeat(4)));
        assertThatThrownBy(() -> checks.idToken(hmac, NONCE)).isInstanceOf(Unauthorized.class);
    }
}
