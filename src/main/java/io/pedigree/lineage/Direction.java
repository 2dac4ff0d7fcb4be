package io.pedigree.lineage;

import io.pedigree.error.PedigreeException.InvalidInput;

import java.util.Locale;

/** Which way a lineage traversal goes from its root. */
public enum Direction {
    /** Towards what the root was made from. */
    UPSTREAM,
    /** Towards what was made from the root. */
    DOWNSTREAM,
    /** The union of both. */
    BOTH;

    /** The lowercase name used in requests and answers. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Direction parse(String field, String value) {
        if (value == null || value.isBlank()) {
            return UPSTREAM;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "upstream" -> UPSTREAM;
            case "downstream" -> DOWNSTREAM;
            case "both" -> BOTH;
            default -> throw new InvalidInput(field,
                    "Unknown direction '" + value + "'; expected upstream, downstream or both");
        };
    }
}
