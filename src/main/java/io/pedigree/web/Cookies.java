package io.pedigree.web;

import io.javalin.http.Context;

import java.time.Duration;

/**
 * The two cookies of the pages: the session and, before sign-in, the form token of the sign-in form. Both are
 * HttpOnly, SameSite=Strict, Path=/, and Secure when the browser reached us over HTTPS (as this server sees it,
 * or as the proxy in front says when {@code PEDIGREE_TRUST_PROXY} is on).
 */
final class Cookies {

    static final String SESSION = "pedigree_session";
    static final String FORM = "pedigree_form";

    private final boolean trustProxy;

    Cookies(boolean trustProxy) {
        this.trustProxy = trustProxy;
    }

    void set(Context ctx, String name, String value, Duration maxAge) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; Max-Age=" + Math.max(0, maxAge.toSeconds())
                + "; HttpOnly; SameSite=Strict" + (secure(ctx) ? "; Secure" : ""));
    }

    /** Lives until the browser closes. */
    void setForSession(Context ctx, String name, String value) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict"
                + (secure(ctx) ? "; Secure" : ""));
    }

    void clear(Context ctx, String name) {
        set(ctx, name, "", Duration.ZERO);
    }

    boolean secure(Context ctx) {
        if (trustProxy) {
            String forwarded = ctx.header("X-Forwarded-Proto");
            if (forwarded != null && !forwarded.isBlank()) {
                // A chain of proxies lists the protocol the browser used first.
                return forwarded.split(",")[0].trim().equalsIgnoreCase("https");
            }
        }
        return "https".equalsIgnoreCase(ctx.scheme());
    }
}
