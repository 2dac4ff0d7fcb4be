package io.pedigree.web;

import io.javalin.http.Context;
import io.pedigree.auth.Principal;
import io.pedigree.auth.Role;

/**
 * Who is looking at a page: the principal of their session, the anonymous reader of open reads, or nobody yet
 * ({@code principal} null); {@code csrf} is the form token every POST from this browser must send back.
 */
public record Viewer(Principal principal, boolean signedIn, String csrf) {

    static final String ATTRIBUTE = "pedigree.viewer";

    /** The viewer {@link Guard} resolved for this request. */
    public static Viewer of(Context ctx) {
        Viewer v = ctx.attribute(ATTRIBUTE);
        if (v == null) {
            throw new IllegalStateException("No viewer on " + ctx.path() + "; was the route registered with a PageRole?");
        }
        return v;
    }

    /** The name shown in the header, or null when nobody is signed in. */
    public String name() {
        return signedIn ? principal.name() : null;
    }

    public boolean can(Role role) {
        return principal != null && principal.has(role);
    }

    /** The name recorded in the audit log for what this viewer does. */
    public String actor() {
        if (!signedIn) {
            throw new IllegalStateException("Only a signed-in viewer acts");
        }
        return principal.name();
    }
}
