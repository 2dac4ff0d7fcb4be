package io.pedigree.auth.oidc;

import io.pedigree.audit.AuditLog;
import io.pedigree.auth.Principal;
import io.pedigree.auth.WebSessions;
import io.pedigree.error.PedigreeException.Unauthorized;
import io.pedigree.store.Database;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Single sign-on with an OpenID Connect provider: people sign in to the pages through it, and the API accepts the
 * access tokens (JWTs) it issues, with roles from the same claim mapping. Built once by the composition root;
 * {@link #disabled()} when no provider is configured, and then nothing here is ever reached.
 */
public final class SingleSignOn {

    /** A person signed in: their session, and the page they asked for before leaving for the provider. */
    public record SignedIn(WebSessions.Opened session, String next) {
    }

    /** A sign-in on its way to the provider: the cookie value tying it to this browser, where to send the browser. */
    public record Redirect(String loginId, URI to, java.time.Duration lifetime) {
    }

    private static final Pattern SUBJECT = Pattern.compile("[\\x21-\\x7e&&[^()]]{1,255}");
    private static final int DISPLAY_MAX = 100;

    private final OidcConfig config;
    private final SignIns signIns;
    private final TokenChecks checks;

    private SingleSignOn(OidcConfig config, SignIns signIns, TokenChecks checks) {
        this.config = config;
        this.signIns = signIns;
        this.checks = checks;
    }

    public static SingleSignOn disabled() {
        return new SingleSignOn(OidcConfig.DISABLED, null, null);
    }

    public static SingleSignOn create(OidcConfig config, Database db, WebSessions sessions, AuditLog audit,
                                      Clock clock) {
        if (!config.enabled()) {
            return disabled();
        }
        Provider provider = new Provider(config, clock);
        TokenChecks checks = new TokenChecks(provider, clock);
        return new SingleSignOn(config, new SignIns(provider, checks, db, sessions, audit, clock), checks);
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** Whether the sign-in page still takes API tokens. */
    public boolean tokenSignIn() {
        return !config.enabled() || config.tokenSignIn();
    }

    /** The provider's host, to name it on the sign-in page. */
    public String providerName() {
        return config.enabled() ? config.issuer().getHost() : "";
    }

    /** Starts a sign-in that comes back to {@code next}, a path on this server. */
    public Redirect start(String next) {
        SignIns.Started s = signIns.start(next);
        return new Redirect(s.loginId(), s.provider(), s.lifetime());
    }

    /** Completes a sign-in; see {@link SignIns#finish}. */
    public SignedIn finish(String loginId, URI callback) {
        return signIns.finish(loginId, callback);
    }

    /** The provider's end-session address for a session that ended, when it is federated and the provider has one. */
    public Optional<URI> logout(WebSessions.Ended ended) {
        if (!config.enabled() || ended.idToken() == null) {
            return Optional.empty();
        }
        URI back = URI.create(config.redirectUri().getScheme() + "://" + config.redirectUri().getRawAuthority()
                + "/signin?signedOut=true");
        return signIns.logout(ended.idToken(), back);
    }

    /** Whether {@code token} is for this class to check rather than Pedigree's own tokens: a JWT, with SSO on. */
    public boolean accepts(String token) {
        return config.enabled() && token != null && !token.startsWith("pdg_")
                && token.chars().filter(ch -> ch == '.').count() == 2;
    }

    /**
     * The principal of an access token from the provider; any token that does not validate is {@link Unauthorized},
     * saying no more. A valid one whose claim maps to no role is a principal without roles (403 on every route).
     */
    public Principal authenticate(String accessToken) {
        if (!accepts(accessToken) || accessToken.length() > 16_384) {
            throw new Unauthorized();
        }
        return principal(checks.accessToken(accessToken), config.roles());
    }

    /**
     * The principal named by a validated token's claims: {@code oidc:<sub>} and a display name from {@code name},
     * {@code preferred_username}, {@code email} or, for a client, its id; roles from the mapping.
     */
    static Principal principal(Map<String, Object> claims, RoleMapping roles) {
        Object sub = claims.get("sub");
        if (!(sub instanceof String subject) || !SUBJECT.matcher(subject).matches()) {
            // A subject with spaces or brackets could not be told apart from its display name in the records.
            throw new Unauthorized();
        }
        String display = "";
        for (String claim : new String[] {"name", "preferred_username", "email", "azp", "client_id", "appid"}) {
            if (claims.get(claim) instanceof String s && !s.isBlank()) {
                display = displayName(s);
                break;
            }
        }
        return Principal.federated(subject, display, roles.rolesOf(claims));
    }

    /** A display name safe to record and show: no brackets or control characters, at most 100 characters. */
    static String displayName(String raw) {
        String clean = raw.replaceAll("[\\p{Cntrl}()\\[\\]<>]", " ").replaceAll("\\s+", " ").trim();
        return clean.length() > DISPLAY_MAX ? clean.substring(0, DISPLAY_MAX).trim() : clean;
    }
}
