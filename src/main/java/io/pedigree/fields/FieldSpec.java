package io.pedigree.fields;

import java.util.List;

/** A field as a schema declares it: name, type, description and nested fields (a struct's members). */
public record FieldSpec(String name, String type, String description, List<FieldSpec> fields) {

    public FieldSpec {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }
}
