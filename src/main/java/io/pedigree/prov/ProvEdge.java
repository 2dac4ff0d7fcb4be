package io.pedigree.prov;

import io.pedigree.lineage.GraphEdge;

import java.time.Instant;
import java.util.List;

/** A relation as PROV-JSON writes it, with the kinds of its ends, which decide the PROV relation. */
record ProvEdge(String from, String fromKind, String type, String to, String toKind, Instant validFrom,
                Instant validTo, Instant recordedAt, String recordedBy, List<String> via) {

    static ProvEdge of(GraphEdge e, String fromKind, String toKind) {
        return new ProvEdge(e.from(), fromKind, e.type(), e.to(), toKind, e.validFrom(), e.validTo(), e.recordedAt(),
                e.recordedBy(), e.via());
    }
}
