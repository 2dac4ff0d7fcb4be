package io.pedigree.auth;

import io.pedigree.error.PedigreeException.InvalidInput;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a token may do. Admin implies every role; writer and approver imply reader. */
public enum Role {
    READER, WRITER, APPROVER, ADMIN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The roles a holder of {@code granted} effectively has. */
    public static Set<Role> effective(Set<Role> granted) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        out.addAll(granted);
        if (granted.contains(ADMIN)) {
            out.addAll(EnumSet.allOf(Role.class));
        }
        if (granted.contains(WRITER) || granted.contains(APPROVER)) {
            out.add(READER);
        }
        return out;
    }

    public static Role parse(String field, String value) {
        if (value != null) {
            for (Role r : values()) {
                if (r.id().equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return r;
                }
            }
        }
        throw new InvalidInput(field, "Unknown role '" + value + "'; expected reader, writer, approver or admin");
    }
}
