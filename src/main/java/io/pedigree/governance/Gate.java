package io.pedigree.governance;

/** One requirement of a stage and whether a version meets it, with what is missing when it does not. */
public record Gate(String gate, boolean passed, String detail) {
}
