package io.pedigree.fields;

import java.util.Locale;

/** One way an input field feeds an output field: type, subtype (AGGREGATION, JOIN, ...), description, masking. */
public record Transformation(TransformationType type, String subtype, String description, boolean masking) {

    public static final Transformation UNSPECIFIED = new Transformation(TransformationType.UNSPECIFIED, null, null,
            false);

    public Transformation {
        subtype = subtype == null || subtype.isBlank() ? null : subtype.strip().toUpperCase(Locale.ROOT);
        description = description == null || description.isBlank() ? null : description;
    }
}
