package io.pedigree.fields;

import io.pedigree.error.PedigreeException.InvalidInput;

import java.util.Locale;

/**
 * How an input field affects an output field (OpenLineage columnLineage 1-2-0): DIRECT when the output's values
 * come from the input's (identity, transformation, aggregation), INDIRECT when the input only decides which rows
 * or in what order (join, filter, group by, sort, window, conditional). UNSPECIFIED is a producer that did not
 * say; the direct view follows it, since values may flow.
 */
public enum TransformationType {
    DIRECT, INDIRECT, UNSPECIFIED;

    public static TransformationType parse(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidInput(field, "type is DIRECT or INDIRECT");
        }
        try {
            return valueOf(raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(field, "type is DIRECT or INDIRECT, got '" + raw + "'");
        }
    }

    /** Whether the direct view (and quarantine taint) follows an edge of this type. */
    public boolean carriesValues() {
        return this != INDIRECT;
    }
}
