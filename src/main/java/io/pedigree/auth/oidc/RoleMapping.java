package io.pedigree.auth.oidc;

import io.pedigree.auth.Role;
import io.pedigree.error.PedigreeException.InvalidInput;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which Pedigree roles a person or client gets from one claim of its token: {@code groups}, {@code roles}, a
 * nested one such as Keycloak's {@code realm_access.roles}, or a single string such as Google's {@code hd}.
 * Values the mapping does not name grant nothing, so a token without a mapped value is refused, never a reader.
 */
public record RoleMapping(String claim, Map<String, Set<Role>> roles) {

    public RoleMapping {
        Map<String, Set<Role>> copy = new LinkedHashMap<>();
        roles.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
        roles = Map.copyOf(copy);
    }

    /**
     * Parses {@code value=role,value=role,...}; a value may appear several times to grant several roles. The last
     * {@code =} splits an entry, so values may contain {@code =} themselves.
     */
    public static RoleMapping parse(String field, String claim, String spec) {
        if (claim == null || claim.isBlank()) {
            throw new InvalidInput(field, "The role claim must not be empty");
        }
        Map<String, Set<Role>> roles = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.lastIndexOf('=');
            if (eq <= 0 || eq == e.length() - 1) {
                throw new InvalidInput(field, "'" + e + "' is not claimValue=role (for example pedigree-admins=admin)");
            }
            Role role = Role.parse(field, e.substring(eq + 1));
            roles.computeIfAbsent(e.substring(0, eq).trim(), k -> EnumSet.noneOf(Role.class)).add(role);
        }
        if (roles.isEmpty()) {
            throw new InvalidInput(field, "No claim value maps to a role, so nobody could sign in; set at least one"
                    + " claimValue=role");
        }
        return new RoleMapping(claim.trim(), roles);
    }

    /** The effective roles the claim's values grant; empty when none is mapped. */
    public Set<Role> rolesOf(Map<String, Object> claims) {
        Set<Role> granted = EnumSet.noneOf(Role.class);
        for (String v : values(claims)) {
            Set<Role> r = roles.get(v);
            if (r != null) {
                granted.addAll(r);
            }
        }
        return Role.effective(granted);
    }

    /** The claim's values as strings: a string, a list of strings, or nothing; a dotted name walks into objects. */
    List<String> values(Map<String, Object> claims) {
        // A claim name may itself contain a dot (some providers name claims by URL): the whole name wins.
        Object at = claims.get(claim);
        if (at == null) {
            at = claims;
            for (String part : claim.split("\\.")) {
                at = at instanceof Map<?, ?> m ? m.get(part) : null;
            }
        }
        List<String> out = new ArrayList<>();
        if (at instanceof String s) {
            out.add(s);
        } else if (at instanceof Collection<?> c) {
            c.stream().filter(String.class::isInstance).map(String.class::cast).forEach(out::add);
        }
        return out;
    }
}
