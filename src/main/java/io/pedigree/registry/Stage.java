package io.pedigree.registry;

import com.fasterxml.jackson.annotation.JsonValue;
import io.pedigree.error.PedigreeException.InvalidInput;

import java.util.Locale;

/** The lifecycle stages of a model version, in order. */
public enum Stage {
    DEVELOPMENT, STAGING, PRODUCTION, ARCHIVED;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a transition from this stage to {@code to} is allowed at all (gates come on top). */
    public boolean canMoveTo(Stage to) {
        return switch (this) {
            case DEVELOPMENT -> to == STAGING || to == ARCHIVED;
            case STAGING -> to == PRODUCTION || to == DEVELOPMENT || to == ARCHIVED;
            case PRODUCTION -> to == STAGING || to == ARCHIVED;
            case ARCHIVED -> false;
        };
    }

    /** Whether entering this stage is gated by the model's policy. */
    public boolean gated() {
        return this == STAGING || this == PRODUCTION;
    }

    public static Stage parse(String field, String value) {
        if (value != null) {
            for (Stage s : values()) {
                if (s.id().equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return s;
                }
            }
        }
        throw new InvalidInput(field, "Unknown stage '" + value + "'; expected development, staging, production or"
                + " archived");
    }
}
