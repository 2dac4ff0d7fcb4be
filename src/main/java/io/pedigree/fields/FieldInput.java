package io.pedigree.fields;

/** An input of a derivation: the field read and how. */
public record FieldInput(FieldRef field, Transformation transformation) {
}
