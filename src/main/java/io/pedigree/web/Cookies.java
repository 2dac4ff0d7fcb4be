package io.pedigree.web;

import io.javalin.http.Context;

import java.time.Duration;

/**
 * The cookies of the pages: the session and, before sign-in, the form token of the sign-in form, both HttpOnly,
 * SameSite=Strict, Path=/; and, during a sign-in through the identity provider, the one that ties it to this
 * browser (see {@link #setForSignIn}). All are Secure when the browser reached us over HTTPS (as this server sees it,
 * or as the proxy in front says when {@code PEDIGREE_TRUST_PROXY} is on).
 */
final class Cookies {

    static final String SESSION = "pedigree_session";
    static final String FORM = "pedigree_form";
    /** Ties a sign-in through the identity provider to the browser that started it. */
    static final String SIGN_IN = "pedigree_oidc";

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

    /**
     * A cookie the browser must send when the identity provider sends it back, which is a navigation from another
     * site: SameSite=Lax allows that (Strict would not), and only on the path of the sign-in pages.
     */
    void setForSignIn(Context ctx, String value, Duration maxAge) {
        ctx.res().addHeader("Set-Cookie", SIGN_IN + "=" + value + "; Path=/signin/oidc; Max-Age="
                + Math.max(0, maxAge.toSeconds()) + "; HttpOnly; SameSite=Lax" + (secure(ctx) ? "; Secure" : ""));
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
