package io.pedigree.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.pedigree.auth.Principal;
import io.pedigree.auth.WebSession;
import io.pedigree.auth.WebSessions;
import io.pedigree.error.PedigreeException.Forbidden;
import io.pedigree.error.PedigreeException.Unauthorized;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Runs before every page: finds who is viewing (session cookie, or the anonymous reader of open reads), checks
 * the form token of every POST, and the role the page was registered with. Page handlers never do any of this.
 */
final class Guard {

    /** The name of the hidden form field that carries the form token. */
    static final String CSRF_FIELD = "csrf";

    private final WebSessions sessions;
    private final Cookies cookies;
    private final boolean openReads;

    Guard(WebSessions sessions, Cookies cookies, boolean openReads) {
        this.sessions = sessions;
        this.cookies = cookies;
        this.openReads = openReads;
    }

    void check(Context ctx) {
        PageRole needs = ctx.routeRoles().stream().filter(PageRole.class::isInstance).map(PageRole.class::cast)
                .findFirst().orElse(null);
        if (needs == null) {
            return;
        }
        // Pages show what this viewer may see; no cache keeps them for the next one.
        ctx.header("Cache-Control", "no-store");
        Viewer viewer = resolve(ctx);
        ctx.attribute(Viewer.ATTRIBUTE, viewer);
        boolean safe = isSafe(ctx);
        if (needs.role() != null && viewer.principal() == null) {
            if (safe) {
                ctx.redirect("/signin?next=" + URLEncoder.encode(here(ctx), StandardCharsets.UTF_8),
                        HttpStatus.SEE_OTHER);
                ctx.skipRemainingHandlers();
                return;
            }
            throw new Unauthorized();
        }
        if (!safe) {
            checkOrigin(ctx);
        }
        if (!safe && !WebSessions.sameSecret(viewer.csrf(), ctx.formParam(CSRF_FIELD))) {
            throw new Forbidden("This form was not sent from a Pedigree page open in this browser, or it has"
                    + " expired. Reload the page and try again.");
        }
        if (needs.role() != null && !viewer.principal().has(needs.role())) {
            throw new Forbidden("This page needs the " + needs.role().id() + " role; "
                    + viewer.principal().name() + " does not have it.");
        }
    }

    /**
     * A second line behind the form token, as OWASP recommends: a form must come from this server's own origin,
     * as the browser states it in {@code Origin} (or, where a browser leaves that out, {@code Referer}). Browsers
     * send one of them with every POST, so a post with neither is refused too. Our origin is the scheme the browser
     * used (as {@link Cookies#secure} sees it, behind a trusted proxy too) and the {@code Host} it asked for.
     */
    private void checkOrigin(Context ctx) {
        String own = origin((cookies.secure(ctx) ? "https" : "http") + "://" + ctx.header("Host"));
        String origin = ctx.header("Origin");
        String given = origin != null ? origin : ctx.header("Referer");
        String stated = given == null ? null : origin(given);
        if (stated == null || !stated.equals(own)) {
            throw new Forbidden(given == null
                    ? "This form arrived without the Origin or Referer a browser sends; Pedigree accepts forms only"
                    + " from its own pages."
                    : "This form was sent from another site (" + (stated == null ? "an opaque origin" : stated)
                    + "); Pedigree accepts forms only from its own pages at " + own + ".");
        }
    }

    /** scheme://host[:port] of a URL, lower case, without a default port; null if it has none ("null"). */
    static String origin(String url) {
        try {
            java.net.URI u = new java.net.URI(url.trim());
            if (u.getScheme() == null || u.getHost() == null) {
                return null;
            }
            String scheme = u.getScheme().toLowerCase(java.util.Locale.ROOT);
            int port = u.getPort();
            boolean standard = port == -1 || (scheme.equals("http") && port == 80)
                    || (scheme.equals("https") && port == 443);
            return scheme + "://" + u.getHost().toLowerCase(java.util.Locale.ROOT) + (standard ? "" : ":" + port);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private Viewer resolve(Context ctx) {
        String id = ctx.cookie(Cookies.SESSION);
        Optional<WebSession> session = id == null ? Optional.empty() : sessions.find(id);
        if (session.isPresent()) {
            return new Viewer(session.get().principal(), true, session.get().csrf());
        }
        if (id != null) {
            // Signed out elsewhere, expired, or its token revoked: the browser should stop sending it.
            cookies.clear(ctx, Cookies.SESSION);
        }
        // Before sign-in, forms (the sign-in form) are tied to a random cookie instead: a page on another site
        // can neither read it nor set it, so it cannot sign a browser in under the attacker's token.
        String form = ctx.cookie(Cookies.FORM);
        if (form == null || form.length() != 43) {
            form = WebSessions.secret();
            if (isSafe(ctx)) {
                cookies.setForSession(ctx, Cookies.FORM, form);
            }
        }
        return new Viewer(openReads ? Principal.ANONYMOUS : null, false, form);
    }

    private static boolean isSafe(Context ctx) {
        String m = ctx.method().name();
        return m.equals("GET") || m.equals("HEAD");
    }

    /** The path and query of this request, to come back to after signing in. */
    static String here(Context ctx) {
        String query = ctx.queryString();
        return ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query);
    }
}
