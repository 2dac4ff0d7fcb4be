package io.pedigree.auth.oidc;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationErrorResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.auth.Principal;
import io.pedigree.auth.Role;
import io.pedigree.auth.WebSessions;
import io.pedigree.error.PedigreeException.Forbidden;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.Unauthorized;
import io.pedigree.error.PedigreeException.Unavailable;
import io.pedigree.store.Database;
import org.neo4j.driver.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The browser's sign-in through the identity provider: the authorization code flow with PKCE, state and nonce.
 * What a sign-in must remember between leaving for the provider and coming back (state, nonce, PKCE verifier, the
 * page asked for) is kept in Neo4j under the hash of a random id the browser holds in a cookie, so the callback may
 * land on any instance, and is deleted as the callback reads it: a state works once, and only in the browser that
 * started the sign-in.
 */
final class SignIns {

    private static final Logger LOG = LoggerFactory.getLogger(SignIns.class);
    /** How long a person may take at the provider. */
    static final Duration PENDING = Duration.ofMinutes(10);
    private static final int PURGE_BATCH = 1000;

    private static final String CREATE = """
            MATCH (l:OidcLogin)
            WHERE l.expiresAt <= $now
            WITH l LIMIT $batch
            DELETE l
            WITH count(*) AS purged
            CREATE (:OidcLogin {idHash: $idHash, state: $state, nonce: $nonce, verifier: $verifier, next: $next,
                                expiresAt: $until})
            """;

    // Read and deleted at once: a replayed callback finds nothing.
    private static final String CLAIM = """
            MATCH (l:OidcLogin {idHash: $idHash})
            WITH l, l.expiresAt > $now AS live, l.state AS state, l.nonce AS nonce, l.verifier AS verifier,
                 l.next AS next
            DELETE l
            RETURN live, state, nonce, verifier, next
            """;

    /** A sign-in on its way to the provider: the cookie value that ties it to this browser, and where to go. */
    record Started(String loginId, URI provider, Duration lifetime) {
    }

    private final Provider provider;
    private final TokenChecks checks;
    private final Database db;
    private final WebSessions sessions;
    private final AuditLog audit;
    private final Clock clock;

    SignIns(Provider provider, TokenChecks checks, Database db, WebSessions sessions, AuditLog audit, Clock clock) {
        this.provider = provider;
        this.checks = checks;
        this.db = db;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    Started start(String next) {
        OIDCProviderMetadata metadata = provider.get().metadata();
        OidcConfig c = provider.config();
        String loginId = WebSessions.secret();
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        Instant now = clock.instant();
        db.write(tx -> tx.run(CREATE, Map.of("idHash", WebSessions.hashOf(loginId), "state", state.getValue(),
                "nonce", nonce.getValue(), "verifier", verifier.getValue(), "next", next,
                "now", now.atZone(ZoneOffset.UTC), "until", now.plus(PENDING).atZone(ZoneOffset.UTC),
                "batch", PURGE_BATCH)).consume());
        URI to = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope(c.scopes().toArray(String[]::new)),
                new ClientID(c.clientId()), c.redirectUri())
                .endpointURI(metadata.getAuthorizationEndpointURI())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build()
                .toURI();
        return new Started(loginId, to, PENDING);
    }

    /**
     * Completes the sign-in the provider sent the browser back from ({@code callback}, the full URL with its
     * query), for the browser holding {@code loginId}: a session for the person, and the page they asked for.
     */
    SingleSignOn.SignedIn finish(String loginId, URI callback) {
        AuthenticationResponse response;
        try {
            response = AuthenticationResponseParser.parse(callback);
        } catch (ParseException e) {
            throw new InvalidInput("state", "The identity provider's answer could not be read: " + e.getMessage());
        }
        Pending pending = claim(loginId).filter(p -> p.live() && WebSessions.sameSecret(p.state(),
                        response.getState() == null ? null : response.getState().getValue()))
                .orElseThrow(() -> new InvalidInput("state", "This sign-in was already completed, took longer than "
                        + PENDING.toMinutes() + " minutes, or was started in another browser. Sign in again."));
        // RFC 9207: a provider that names itself must be the one we sent the person to.
        if (response.getIssuer() != null && !response.getIssuer().equals(provider.get().metadata().getIssuer())) {
            throw new Unauthorized();
        }
        if (response instanceof AuthenticationErrorResponse error) {
            String why = error.getErrorObject().getDescription();
            throw new Forbidden("The identity provider did not sign you in: " + error.getErrorObject().getCode()
                    + (why == null ? "" : " (" + why + ")") + ".");
        }
        AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();
        if (code == null) {
            throw new InvalidInput("code", "The identity provider sent no authorization code");
        }
        JWT idToken = exchange(code, new CodeVerifier(pending.verifier()));
        Map<String, Object> claims = checks.idToken(idToken, new Nonce(pending.nonce()));
        Principal principal = SingleSignOn.principal(claims, provider.config().roles());
        if (principal.roles().isEmpty()) {
            db.write(tx -> audit.append(tx, principal.name(), AuditEntry.of("session.refuse",
                    WebSessions.target(principal.name()), null, null, "no role mapped")
                    .withDetails(Map.of("claim", provider.config().roles().claim()))));
            throw new Forbidden(principal.displayName() + " signed in at the identity provider, but none of the"
                    + " values of their '" + provider.config().roles().claim() + "' claim is mapped to a Pedigree"
                    + " role, so Pedigree cannot let them in. Ask a Pedigree administrator to map one of your groups"
                    + " in PEDIGREE_OIDC_ROLES.");
        }
        WebSessions.Opened opened = sessions.openFederated(principal, idToken.serialize(), Map.of(
                "issuer", provider.config().issuer().toString(),
                "roles", principal.roles().stream().sorted().map(Role::id).toList()));
        return new SingleSignOn.SignedIn(opened, pending.next());
    }

    /** Where to send a browser whose federated session just ended, to end the provider's session too. */
    Optional<URI> logout(String idToken, URI afterwards) {
        URI endpoint;
        try {
            endpoint = provider.get().metadata().getEndSessionEndpointURI();
        } catch (Unavailable e) {
            return Optional.empty();
        }
        if (endpoint == null) {
            return Optional.empty();
        }
        JWT hint = null;
        try {
            hint = idToken == null ? null : JWTParser.parse(idToken);
        } catch (java.text.ParseException e) {
            // Without a hint the provider asks the person which session to end; still better than none.
        }
        return Optional.of(new LogoutRequest(endpoint, hint, null, new ClientID(provider.config().clientId()),
                afterwards, null, null).toURI());
    }

    private record Pending(boolean live, String state, String nonce, String verifier, String next) {
    }

    private Optional<Pending> claim(String loginId) {
        if (loginId == null || loginId.isEmpty() || loginId.length() > 128) {
            return Optional.empty();
        }
        return db.write(tx -> tx.run(CLAIM, Map.of("idHash", WebSessions.hashOf(loginId),
                "now", clock.instant().atZone(ZoneOffset.UTC))).stream().findFirst().map(SignIns::pending));
    }

    private static Pending pending(Record r) {
        return new Pending(r.get("live").asBoolean(), r.get("state").asString(), r.get("nonce").asString(),
                r.get("verifier").asString(), r.get("next").asString());
    }

    /** Trades the code for tokens at the provider's token endpoint, proving this is the browser with the verifier. */
    private JWT exchange(AuthorizationCode code, CodeVerifier verifier) {
        OIDCProviderMetadata metadata = provider.get().metadata();
        OidcConfig c = provider.config();
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(code, c.redirectUri(), verifier);
        TokenRequest request = c.clientSecret().isEmpty()
                ? new TokenRequest(metadata.getTokenEndpointURI(), new ClientID(c.clientId()), grant, null)
                : new TokenRequest(metadata.getTokenEndpointURI(), clientAuthentication(metadata, c), grant);
        HTTPRequest http = request.toHTTPRequest();
        http.setConnectTimeout(5_000);
        http.setReadTimeout(10_000);
        TokenResponse response;
        try {
            response = OIDCTokenResponseParser.parse(http.send());
        } catch (IOException e) {
            throw new Unavailable("The identity provider's token endpoint cannot be reached: " + e.getMessage(), e);
        } catch (ParseException e) {
            LOG.info("Unreadable token response: {}", e.getMessage());
            throw new Unauthorized();
        }
        if (!response.indicatesSuccess()) {
            LOG.info("The token endpoint refused the code: {}",
                    ((TokenErrorResponse) response).getErrorObject().toJSONObject());
            throw new Unauthorized();
        }
        JWT idToken = response.toSuccessResponse().getTokens().toOIDCTokens().getIDToken();
        if (idToken == null) {
            throw new Unauthorized();
        }
        return idToken;
    }

    /** client_secret_basic unless the provider announces only client_secret_post. */
    private static ClientAuthentication clientAuthentication(OIDCProviderMetadata metadata, OidcConfig c) {
        List<ClientAuthenticationMethod> methods = metadata.getTokenEndpointAuthMethods();
        ClientID id = new ClientID(c.clientId());
        Secret secret = new Secret(c.clientSecret());
        if (methods != null && !methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                && methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)) {
            return new ClientSecretPost(id, secret);
        }
        return new ClientSecretBasic(id, secret);
    }
}
