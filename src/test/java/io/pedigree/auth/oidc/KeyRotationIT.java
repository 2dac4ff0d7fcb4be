package io.pedigree.auth.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pedigree.error.PedigreeException.Unauthorized;
import io.pedigree.testing.Idp;
import io.pedigree.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The provider rotates its signing keys while Pedigree runs. NAV's mock-oauth2-server keeps one key per issuer
 * for its whole life, so this provider is a discovery document and a JWKS served from this JVM, whose published
 * keys the test changes, with tokens signed by the test.
 */
class KeyRotationIT {

    private static final String CLIENT_ID = "pedigree";
    private static final String AUDIENCE = "pedigree-api";
    private static final Nonce NONCE = new Nonce("rotation-nonce");

    private final AtomicInteger jwksFetches = new AtomicInteger();
    private volatile JWKSet published;
    private HttpServer server;
    private String issuer;
    private MutableClock clock;
    private TokenChecks checks;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/rotating";
        server.createContext("/rotating/.well-known/openid-configuration", x -> answer(x, """
                {"issuer": "%1$s", "authorization_endpoint": "%1$s/authorize", "token_endpoint": "%1$s/token",
                 "jwks_uri": "%1$s/jwks", "response_types_supported": ["code"],
                 "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"]}
                """.formatted(issuer)));
        server.createContext("/rotating/jwks", x -> {
            jwksFetches.incrementAndGet();
            answer(x, published.toString(true));
        });
        server.start();
        clock = new MutableClock();
        OidcConfig config = OidcConfig.parse(new OidcConfig.Raw(issuer, CLIENT_ID, "secret",
                "http://127.0.0.1:7070/signin/oidc/callback", "openid", "groups", Idp.ROLES, AUDIENCE, true));
        checks = new TokenChecks(new Provider(config, clock), clock);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void answer(HttpExchange x, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(200, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private static RSAKey key(String kid) throws JOSEException {
        return new RSAKeyGenerator(2048).keyID(kid).generate();
    }

    private void publish(RSAKey... keys) {
        published = new JWKSet(List.of(keys)).toPublicJWKSet();
    }

    /** An access token a pipeline would present, signed with {@code key}, valid for an hour of real time. */
    private String accessToken(RSAKey key) throws JOSEException {
        return sign(key, JOSEObjectType.JWT, new JWTClaimsSet.Builder().audience(AUDIENCE)).serialize();
    }

    private SignedJWT idToken(RSAKey key) throws JOSEException {
        return sign(key, null, new JWTClaimsSet.Builder().audience(CLIENT_ID).claim("nonce", NONCE.getValue()));
    }

    private SignedJWT sign(RSAKey key, JOSEObjectType type, JWTClaimsSet.Builder claims) throws JOSEException {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(type)
                .build(), claims.issuer(issuer).subject("ci").issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1)))).claim("groups", List.of("staff")).build());
        jwt.sign(new RSASSASigner(key));
        return jwt;
    }

    @Test
    void aKeyTheProviderRotatesInAfterStartIsFetchedAtOnceAndAccepted() throws JOSEException {
        RSAKey first = key("2026-01");
        publish(first);
        assertThat(checks.accessToken(accessToken(first))).containsEntry("sub", "ci");
        assertThat(jwksFetches).hasValue(1);

        RSAKey second = key("2026-02");
        publish(first, second);
        // Seconds later, well inside the 5 minutes the set is cached: the unknown kid makes Pedigree fetch it again.
        clock.advance(Duration.ofSeconds(5));
        assertThat(checks.accessToken(accessToken(second))).containsEntry("sub", "ci");
        assertThat(checks.idToken(idToken(second), NONCE)).containsEntry("sub", "ci");
        assertThat(checks.accessToken(accessToken(first))).containsEntry("sub", "ci");
        assertThat(jwksFetches).hasValue(2);
    }

    @Test
    void aKeyTheProviderRemovedIsRefusedOnceTheCachedSetExpires() throws JOSEException {
        RSAKey old = key("2026-01");
        RSAKey current = key("2026-02");
        publish(old, current);
        String signedWithOld = accessToken(old);
        assertThat(checks.accessToken(signedWithOld)).containsEntry("sub", "ci");

        publish(current);
        // The documented cache time: the set Pedigree holds is good for 5 minutes.
        clock.advance(Duration.ofMinutes(4));
        assertThat(checks.accessToken(signedWithOld)).containsEntry("sub", "ci");
        assertThat(jwksFetches).hasValue(1);

        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThatThrownBy(() -> checks.accessToken(signedWithOld)).isInstanceOf(Unauthorized.class);
        assertThatThrownBy(() -> checks.idToken(idToken(old), NONCE)).isInstanceOf(Unauthorized.class);
        assertThat(checks.accessToken(accessToken(current))).containsEntry("sub", "ci");
    }

    @Test
    void aTokenNamingAKeyTheProviderNeverPublishedIsRefused() throws JOSEException {
        publish(key("2026-01"));
        assertThatThrownBy(() -> checks.accessToken(accessToken(key("2026-01"))))
                .isInstanceOf(Unauthorized.class);
        assertThatThrownBy(() -> checks.accessToken(accessToken(key("forged")))).isInstanceOf(Unauthorized.class);
    }
}
