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

    /** The name shown in the header (a display name for people from the identity provider), or null. */
    public String name() {
        return signedIn ? principal.displayName() : null;
    }

    /** The roles shown in the header: admin alone, or what a reader may do beyond reading, or reader. */
    public String roles() {
        if (!signedIn) {
            return null;
        }
        if (principal.has(Role.ADMIN)) {
            return Role.ADMIN.id();
        }
        String more = java.util.stream.Stream.of(Role.WRITER, Role.APPROVER).filter(principal::has).map(Role::id)
                .collect(java.util.stream.Collectors.joining(", "));
        return more.isEmpty() ? (principal.has(Role.READER) ? Role.READER.id() : "") : more;
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
