package io.pedigree.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.pedigree.auth.WebSessions;
import io.pedigree.error.PedigreeException.Unauthorized;

import java.util.LinkedHashMap;
import java.util.Map;

/** Signing in with an API token, which opens a session in a cookie, and signing out. */
final class SignInPages {

    private final WebSessions sessions;
    private final Cookies cookies;

    SignInPages(WebSessions sessions, Cookies cookies) {
        this.sessions = sessions;
        this.cookies = cookies;
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
        sessions.end(ctx.cookie(Cookies.SESSION));
        cookies.clear(ctx, Cookies.SESSION);
        ctx.redirect("/signin?signedOut=true", HttpStatus.SEE_OTHER);
    }

    private static Map<String, Object> model(Context ctx, String error) {
        Map<String, Object> model = new LinkedHashMap<>();
        String next = ctx.method().name().equals("POST") ? ctx.formParam("next") : ctx.queryParam("next");
        model.put("next", LocalPath.orHome(next));
        model.put("error", error);
        model.put("signedOut", "true".equals(ctx.queryParam("signedOut")));
        return model;
    }
}
