package io.pedigree.lineage;

/** What a write did: how many elements it created, changed, or found already recorded as given. */
public record WriteSummary(Counts nodes, Counts relations) {

    /** Counts for one element type. */
    public record Counts(int created, int updated, int unchanged) {
        public Counts plus(Counts o) {
            return new Counts(created + o.created, updated + o.updated, unchanged + o.unchanged);
        }
    }

    public int elements() {
        return nodes.created() + nodes.updated() + nodes.unchanged()
                + relations.created() + relations.updated() + relations.unchanged();
    }
}
