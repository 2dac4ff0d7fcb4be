package io.pedigree.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.pedigree.auth.WebSessions;
import io.pedigree.auth.oidc.SingleSignOn;
import io.pedigree.error.PedigreeException.Unauthorized;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Signing in with an API token, which opens a session in a cookie, and signing out; with single sign-on on, the
 * sign-in page offers the identity provider first, and signing out ends the provider's session too.
 */
final class SignInPages {

    private final WebSessions sessions;
    private final Cookies cookies;
    private final SingleSignOn sso;

    SignInPages(WebSessions sessions, Cookies cookies, SingleSignOn sso) {
        this.sessions = sessions;
        this.cookies = cookies;
        this.sso = sso;
    }

    void register(JavalinConfig config) {
        config.routes.get("/signin", this::form, PageRole.ANYONE);
        config.routes.post("/signin", this::signIn, PageRole.ANYONE);
        config.routes.post("/signout", this::signOut, PageRole.ANYONE);
    }

    private void form(Context ctx) {
        ctx.render("signin", model(ctx, null));
    }

    private void signIn(Context ctx) {
        if (!sso.tokenSignIn()) {
            ctx.status(HttpStatus.FORBIDDEN).render("signin", model(ctx,
                    "This server takes no API tokens on the sign-in page: sign in with " + sso.providerName() + "."));
            return;
        }
        String token = ctx.formParam("token");
        WebSessions.Opened opened;
        try {
            opened = sessions.open(token == null ? "" : token.trim(), ctx.req().getRemoteAddr());
        } catch (Unauthorized e) {
            ctx.status(HttpStatus.UNAUTHORIZED).render("signin", model(ctx,
                    "That token was not accepted: it may be mistyped, revoked or expired."));
            return;
        }
        String old = ctx.cookie(Cookies.SESSION);
        if (old != null) {
            sessions.end(old);
        }
        cookies.set(ctx, Cookies.SESSION, opened.id(), opened.lifetime());
        cookies.clear(ctx, Cookies.FORM);
        ctx.redirect(LocalPath.orHome(ctx.formParam("next")), HttpStatus.SEE_OTHER);
    }

    private void signOut(Context ctx) {
        Optional<URI> provider = sessions.end(ctx.cookie(Cookies.SESSION)).flatMap(sso::logout);
        cookies.clear(ctx, Cookies.SESSION);
        if (provider.isPresent()) {
            // A page rather than a redirect: the page's form-action policy would stop a redirect to another site.
            SingleSignOnPages.moveOn(ctx, provider.get().toString(), "Signing out",
                    "You are signed out of Pedigree; now ending your session at " + sso.providerName() + ".");
            return;
        }
        ctx.redirect("/signin?signedOut=true", HttpStatus.SEE_OTHER);
    }

    private Map<String, Object> model(Context ctx, String error) {
        Map<String, Object> model = new LinkedHashMap<>();
        String next = ctx.method().name().equals("POST") ? ctx.formParam("next") : ctx.queryParam("next");
        model.put("next", LocalPath.orHome(next));
        model.put("error", error);
        model.put("signedOut", "true".equals(ctx.queryParam("signedOut")));
        model.put("sso", sso.enabled());
        model.put("provider", sso.providerName());
        model.put("tokenSignIn", sso.tokenSignIn());
        return model;
    }
}
