package io.pedigree.web.graph;

import java.util.Set;

/**
 * What the page knows about drawn nodes beyond the lineage answer itself: the keys under an active quarantine and
 * the keys of deployments serving production. Both stand out in the drawing.
 */
public record Marks(Set<String> quarantined, Set<String> production) {

    public Marks {
        quarantined = Set.copyOf(quarantined);
        production = Set.copyOf(production);
    }

    public static Marks none() {
        return new Marks(Set.of(), Set.of());
    }
}
