package io.pedigree.web.graph;

/**
 * One arrow to draw, pointing the way things flow: {@code from} is what was used, {@code to} what was made from
 * it (the reverse of {@link io.pedigree.lineage.GraphEdge}, which points from dependent to dependency).
 */
record Connection(String from, String to, String type) {
}
