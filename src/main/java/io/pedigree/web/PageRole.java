package io.pedigree.web;

import io.javalin.security.RouteRole;
import io.pedigree.auth.Role;

/**
 * What a page route asks of the person viewing it; every page is registered with one. {@link #ANYONE} pages
 * (sign-in) open to all, the others need a session whose token holds the role, like the API; with open reads,
 * {@link #READER} pages open without one.
 */
public enum PageRole implements RouteRole {
    ANYONE(null), READER(Role.READER), WRITER(Role.WRITER), APPROVER(Role.APPROVER), ADMIN(Role.ADMIN);

    private final Role role;

    PageRole(Role role) {
        this.role = role;
    }

    /** The token role needed, or null when anyone may see the page. */
    public Role role() {
        return role;
    }
}
