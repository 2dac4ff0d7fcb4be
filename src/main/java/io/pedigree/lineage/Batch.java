package io.pedigree.lineage;

import java.util.List;

/** Nodes and relations written together, all or nothing. */
public record Batch(List<NodeInput> nodes, List<RelationInput> relations) {
    public Batch {
        nodes = List.copyOf(nodes);
        relations = List.copyOf(relations);
    }
}
