package io.pedigree.auth;

import java.util.Set;

/**
 * Who is calling: a named person or service account and its effective roles. A person or client signed in through
 * the identity provider is named {@code oidc:<subject> (<display name>)}: the subject never changes, the display
 * name may, so comparisons of who did what go through {@link #identity(String)}.
 */
public record Principal(String name, Set<Role> roles, String tokenId) {

    /** The caller of an open read, when the server allows reads without a token. */
    public static final Principal ANONYMOUS = new Principal("anonymous", Set.of(Role.READER), null);

    /** How the names of principals from the identity provider begin; token principals may not. */
    public static final String FEDERATED = "oidc:";

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** A principal from the identity provider; {@code displayName} may be empty. */
    public static Principal federated(String subject, String displayName, Set<Role> roles) {
        return new Principal(FEDERATED + subject + (displayName.isEmpty() ? "" : " (" + displayName + ")"),
                Role.effective(roles), null);
    }

    /** The name to show a person: a federated principal's display name (its subject if it has none), or the name. */
    public String displayName() {
        if (!name.startsWith(FEDERATED)) {
            return name;
        }
        int open = name.indexOf(" (");
        return open < 0 ? name : name.substring(open + 2, name.length() - 1);
    }

    /**
     * The part of a recorded name that identifies the principal for good: a federated principal's
     * {@code oidc:<subject>}, whatever its display name was then, or the whole name of a token principal.
     */
    public static String identity(String recorded) {
        if (recorded == null || !recorded.startsWith(FEDERATED)) {
            return recorded;
        }
        int open = recorded.indexOf(" (");
        return open < 0 ? recorded : recorded.substring(0, open);
    }
}
