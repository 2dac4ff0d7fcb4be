package io.pedigree.api;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import io.pedigree.auth.Principal;
import io.pedigree.auth.Role;
import io.pedigree.auth.TokenService;
import io.pedigree.auth.oidc.SingleSignOn;
import io.pedigree.config.Config.AuthMode;
import io.pedigree.error.PedigreeException.Forbidden;
import io.pedigree.error.PedigreeException.Unauthorized;

/**
 * Checks, before a route runs, that the caller holds the role the route was registered with. Routes registered
 * without a role are public. The answer to a missing or unknown token is the same 401 either way, and so is the
 * answer to an identity provider's access token that fails any check.
 */
final class Access {

    /** The route role: a thin wrapper so Javalin can carry our {@link Role}. */
    record Needs(Role role) implements RouteRole {
    }

    static final Needs READER = new Needs(Role.READER);
    static final Needs WRITER = new Needs(Role.WRITER);
    static final Needs APPROVER = new Needs(Role.APPROVER);
    static final Needs ADMIN = new Needs(Role.ADMIN);

    private static final String PRINCIPAL = "pedigree.principal";

    private final TokenService tokens;
    private final SingleSignOn sso;
    private final AuthMode mode;

    Access(TokenService tokens, SingleSignOn sso, AuthMode mode) {
        this.tokens = tokens;
        this.sso = sso;
        this.mode = mode;
    }

    void check(Context ctx) {
        // Pages carry roles of their own, checked by the web views against the browser's session.
        Role needed = ctx.routeRoles().stream().filter(Needs.class::isInstance).map(r -> ((Needs) r).role())
                .findFirst().orElse(null);
        if (needed == null) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            if (needed == Role.READER && mode == AuthMode.OPEN_READS) {
                ctx.attribute(PRINCIPAL, Principal.ANONYMOUS);
                return;
            }
            ctx.header("WWW-Authenticate", "Bearer realm=\"pedigree\"");
            throw new Unauthorized();
        }
        String token = MlflowErrors.applies(ctx) ? basicPassword(header) : null;
        if (token == null && !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"pedigree\"");
            throw new Unauthorized();
        }
        Principal p;
        try {
            String given = token != null ? token : header.substring(7).trim();
            // A JWT is the identity provider's access token; anything else is one of Pedigree's own tokens.
            p = sso.accepts(given) ? sso.authenticate(given) : tokens.authenticate(given, ctx.req().getRemoteAddr());
        } catch (Unauthorized e) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"pedigree\", error=\"invalid_token\"");
            throw e;
        }
        if (!p.has(needed)) {
            throw new Forbidden("This operation needs the " + needed.id() + " role");
        }
        ctx.attribute(PRINCIPAL, p);
    }

    /**
     * The password of HTTP Basic credentials, which MLflow clients configured with a user and password send; on the
     * MLflow paths the password is a Pedigree token (the user name is not checked: the token says who calls).
     */
    static String basicPassword(String header) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String pair = new String(java.util.Base64.getDecoder().decode(header.substring(6).trim()),
                    java.nio.charset.StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon < 0 ? "" : pair.substring(colon + 1);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) {
            throw new IllegalStateException("No principal on a protected route");
        }
        return p;
    }
}
