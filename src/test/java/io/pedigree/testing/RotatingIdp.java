package io.pedigree.testing;

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
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider whose signing keys a test rotates: a discovery document and a JWKS served from this JVM (JDK
 * HttpServer), with tokens the test signs itself. NAV's mock-oauth2-server, used elsewhere, keeps one key per
 * issuer for its whole life, so it cannot show a rotation. No login form and no token endpoint: tokens only.
 */
public final class RotatingIdp implements AutoCloseable {

    private final HttpServer server;
    private final String issuer;
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private volatile JWKSet published = new JWKSet();

    private RotatingIdp(HttpServer server) {
        this.server = server;
        this.issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/rotating";
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
    }

    /** A provider on a free port of 127.0.0.1 publishing no keys yet. */
    public static RotatingIdp start() {
        try {
            return new RotatingIdp(HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0),
                    0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String issuer() {
        return issuer;
    }

    /** How many times its JWKS has been read. */
    public int jwksFetches() {
        return jwksFetches.get();
    }

    /** A new RSA signing key named {@code kid}. */
    public static RSAKey key(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes {@code keys} (their public halves) the whole published set, as a rotation at the provider does. */
    public void publish(RSAKey... keys) {
        published = new JWKSet(List.of(keys)).toPublicJWKSet();
    }

    /**
     * A token from this issuer for subject {@code ci} in group {@code staff}, valid for an hour of real time,
     * signed with {@code key} and naming it as its {@code kid}, with {@code claims} (audience, nonce...) added.
     */
    public SignedJWT sign(RSAKey key, JOSEObjectType type, JWTClaimsSet.Builder claims) {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(type)
                .build(), claims.issuer(issuer).subject("ci").issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1)))).claim("groups", List.of("staff")).build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt;
    }

    /** An access token for {@code audience}, as a pipeline would present it. */
    public String accessToken(RSAKey key, String audience) {
        return sign(key, JOSEObjectType.JWT, new JWTClaimsSet.Builder().audience(audience)).serialize();
    }

    private static void answer(HttpExchange x, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(200, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
