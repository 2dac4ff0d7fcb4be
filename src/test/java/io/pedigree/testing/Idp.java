package io.pedigree.testing;

import com.nimbusds.jwt.SignedJWT;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real OpenID Connect provider in this JVM (NAV's mock-oauth2-server): discovery, a login form where any user
 * name and any claims can be typed, authorization code flow with PKCE, client credentials, end session, rotating
 * nothing but signing with its own RSA keys. It is reached as {@code localhost}, the app as {@code 127.0.0.1}, so
 * to a browser they are two different sites, as a real provider and Pedigree are.
 */
public final class Idp implements AutoCloseable {

    public static final String ISSUER_ID = "acme";
    public static final String CLIENT_ID = "pedigree";
    public static final String CLIENT_SECRET = "pedigree-secret";
    public static final String AUDIENCE = "pedigree-api";
    /** The role mapping the tests configure. */
    public static final String ROLES = "pedigree-admins=admin,ml-engineers=writer,risk=approver,staff=reader";

    private final MockOAuth2Server server;

    private Idp(MockOAuth2Server server) {
        this.server = server;
    }

    /** A provider with the interactive login form, on a free port. */
    public static Idp start() {
        MockOAuth2Server server = new MockOAuth2Server(new OAuth2Config(true, null, null, false));
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Idp(server);
    }

    public MockOAuth2Server server() {
        return server;
    }

    /** The issuer URL, on {@code localhost}. */
    public String issuer() {
        return "http://localhost:" + server.baseUrl().port() + "/" + ISSUER_ID;
    }

    /** The settings of an app on {@code port} that signs in through this provider. */
    public Map<String, String> settings(int port) {
        Map<String, String> env = new HashMap<>(TestApp.settings());
        env.put("PEDIGREE_PORT", Integer.toString(port));
        env.put("PEDIGREE_OIDC_ISSUER", issuer());
        env.put("PEDIGREE_OIDC_CLIENT_ID", CLIENT_ID);
        env.put("PEDIGREE_OIDC_CLIENT_SECRET", CLIENT_SECRET);
        env.put("PEDIGREE_OIDC_REDIRECT_URL", "http://127.0.0.1:" + port + "/signin/oidc/callback");
        env.put("PEDIGREE_OIDC_ROLES", ROLES);
        env.put("PEDIGREE_OIDC_AUDIENCE", AUDIENCE);
        return env;
    }

    /**
     * A pipeline's access token through the client credentials grant at the token endpoint, as a CI job gets
     * one: for {@code audience}, with {@code claims} (such as its groups) added by the provider.
     */
    public String clientCredentials(String clientId, String audience, Map<String, Object> claims) {
        server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, clientId, "JWT", List.of(audience),
                claims, 3600));
        String body = "grant_type=client_credentials&scope=" + audience + "&client_id=" + clientId
                + "&client_secret=secret";
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(issuer() + "/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("token endpoint answered " + r.statusCode() + ": " + r.body());
            }
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).get("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A token signed with this provider's own key, with exactly {@code claims} (iss, aud, sub, exp, nonce...)
     * besides the times the provider adds for {@code lifetime}: for tokens the token endpoint would never issue.
     */
    public SignedJWT signed(Map<String, Object> claims, Duration lifetime) {
        return server.getConfig().getTokenProvider().jwt(claims, lifetime, ISSUER_ID);
    }

    /**
     * A free port, for an app whose redirect URL must be known before it starts; another process could take it
     * in between, which on a test machine does not happen in practice.
     */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
