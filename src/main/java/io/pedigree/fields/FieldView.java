package io.pedigree.fields;

import io.pedigree.error.PedigreeException.InvalidInput;

import java.util.List;

/** Which derivations a field query follows: values only (DIRECT) or everything that affects the field. */
public enum FieldView {
    DIRECT(List.of("DIRECT", "UNSPECIFIED"), false),
    ALL(List.of("DIRECT", "UNSPECIFIED", "INDIRECT"), true);

    private final List<String> types;
    private final boolean datasetWide;

    FieldView(List<String> types, boolean datasetWide) {
        this.types = types;
        this.datasetWide = datasetWide;
    }

    List<String> types() {
        return types;
    }

    /** Whether dataset-wide dependencies (joins, filters of a whole dataset) are followed. */
    boolean datasetWide() {
        return datasetWide;
    }

    public static FieldView parse(String field, String raw) {
        if (raw == null || raw.isBlank() || raw.equalsIgnoreCase("all")) {
            return ALL;
        }
        if (raw.equalsIgnoreCase("direct")) {
            return DIRECT;
        }
        throw new InvalidInput(field, "view is 'direct' (DIRECT derivations only) or 'all' (DIRECT and INDIRECT)");
    }
}
