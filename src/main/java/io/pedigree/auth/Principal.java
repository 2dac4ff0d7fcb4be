package io.pedigree.auth;

import java.util.Set;

/** Who is calling: a named person or service account and its effective roles. */
public record Principal(String name, Set<Role> roles, String tokenId) {

    /** The caller of an open read, when the server allows reads without a token. */
    public static final Principal ANONYMOUS = new Principal("anonymous", Set.of(Role.READER), null);

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
