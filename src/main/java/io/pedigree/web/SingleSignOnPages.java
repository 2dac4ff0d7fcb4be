package io.pedigree.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.pedigree.auth.WebSessions;
import io.pedigree.auth.oidc.OidcConfig;
import io.pedigree.auth.oidc.SingleSignOn;
import io.pedigree.error.PedigreeException;
import io.pedigree.error.PedigreeException.Forbidden;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.Unauthorized;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signing in through the identity provider: {@code /signin/oidc} sends the browser there, and the provider sends it
 * back to {@code /signin/oidc/callback}, where the session opens. Registered only when single sign-on is on.
 */
final class SingleSignOnPages {

    private final SingleSignOn sso;
    private final WebSessions sessions;
    private final Cookies cookies;
    private final URI redirectUri;

    SingleSignOnPages(SingleSignOn sso, WebSessions sessions, Cookies cookies, URI redirectUri) {
        this.sso = sso;
        this.sessions = sessions;
        this.cookies = cookies;
        this.redirectUri = redirectUri;
    }

    void register(JavalinConfig config) {
        config.routes.get("/signin/oidc", this::start, PageRole.ANYONE);
        config.routes.get(OidcConfig.CALLBACK_PATH, this::callback, PageRole.ANYONE);
    }

    private void start(Context ctx) {
        SingleSignOn.Redirect r = sso.start(LocalPath.orHome(ctx.queryParam("next")));
        cookies.setForSignIn(ctx, r.loginId(), r.lifetime());
        ctx.redirect(r.to().toString(), HttpStatus.SEE_OTHER);
    }

    private void callback(Context ctx) {
        String loginId = ctx.cookie(Cookies.SIGN_IN);
        cookies.setForSignIn(ctx, "", Duration.ZERO);
        // The address the provider knows, not the one this request reached: behind a proxy they differ.
        String query = ctx.queryString();
        URI callback = URI.create(redirectUri + (query == null || query.isEmpty() ? "" : "?" + query));
        SingleSignOn.SignedIn signedIn;
        try {
            signedIn = sso.finish(loginId, callback);
        } catch (InvalidInput | Forbidden | Unauthorized e) {
            refuse(ctx, e);
            return;
        }
        String old = ctx.cookie(Cookies.SESSION);
        if (old != null) {
            sessions.end(old);
        }
        cookies.set(ctx, Cookies.SESSION, signedIn.session().id(), signedIn.session().lifetime());
        cookies.clear(ctx, Cookies.FORM);
        // A page, not a redirect: this request came from the provider's site, and a browser does not send a
        // SameSite=Strict cookie on a redirect that continues such a navigation. The page's own navigation does.
        moveOn(ctx, signedIn.next(), "Signed in", "You are signed in as "
                + signedIn.session().session().principal().displayName() + ".");
    }

    private void refuse(Context ctx, PedigreeException e) {
        int status = e instanceof Forbidden ? 403 : e instanceof Unauthorized ? 401 : 400;
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("status", status);
        model.put("detail", e instanceof Unauthorized
                ? "The identity provider's answer did not check out, so you are not signed in. Try again; if it"
                + " keeps failing, ask an administrator to look at Pedigree's log."
                : e.detail());
        model.put("noRole", e instanceof Forbidden);
        ctx.status(status).render("signin-refused", model);
    }

    /** Renders a page that takes the browser to {@code to} by itself, with a link in case it does not. */
    static void moveOn(Context ctx, String to, String title, String message) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("to", to);
        model.put("title", title);
        model.put("message", message);
        ctx.render("moving-on", model);
    }
}
