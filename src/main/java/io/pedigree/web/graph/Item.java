package io.pedigree.web.graph;

/**
 * One box to draw: a lineage node, or a {@link Group} standing for several. {@code id} is the node key or the
 * group id; {@code depth} is the distance from the root, which keeps the layout's input order stable.
 */
record Item(String id, String kind, String name, String version, int depth, boolean root, boolean quarantined,
            boolean production, Group group) {

    boolean isGroup() {
        return group != null;
    }
}
