package io.pedigree.api;

import io.javalin.http.Context;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeKey;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Set;

/** Parses query parameters into domain types once, at the edge, naming the parameter when one does not parse. */
final class Params {

    private Params() {
    }

    static NodeKey key(Context ctx, String name) {
        return NodeKey.parse(name, required(ctx, name));
    }

    static NodeKey optionalKey(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? null : NodeKey.parse(name, v);
    }

    static String required(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            throw new InvalidInput(name, "The query parameter '" + name + "' is required");
        }
        return v;
    }

    static String optional(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? null : v;
    }

    static Integer integer(Context ctx, String name) {
        String v = optional(ctx, name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInput(name, "'" + name + "' must be a whole number, got '" + v + "'");
        }
    }

    static int bounded(Context ctx, String name, int byDefault, int min, int max) {
        Integer v = integer(ctx, name);
        int value = v == null ? byDefault : v;
        if (value < min || value > max) {
            throw new InvalidInput(name, "'" + name + "' must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** Kinds from repeated or comma-separated {@code kinds} parameters. */
    static Set<Kind> kinds(Context ctx, String name) {
        Set<Kind> out = EnumSet.noneOf(Kind.class);
        for (String v : ctx.queryParams(name)) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(Kind.parse(name, part));
                }
            }
        }
        return out;
    }

    /** An instant as ISO-8601 with offset, or a date (meaning its start, UTC). */
    static Instant instant(Context ctx, String name) {
        String v = optional(ctx, name);
        return v == null ? null : instant(name, v);
    }

    static Instant instant(String name, String v) {
        try {
            return OffsetDateTime.parse(v.trim()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(v.trim()).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new InvalidInput(name, "'" + name + "' must be an ISO-8601 instant like 2026-10-03T14:00:00Z"
                        + " or a date like 2026-10-03, got '" + v + "'");
            }
        }
    }
}
