package io.pedigree.lineage;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * A relation in an answer, always pointing from the dependent to what it depends on. In a lineage answer
 * filtered by kind it may stand for a chain of relations: then {@code type} joins their types with '/' and
 * {@code via} names the nodes in between, in order (see {@link Summaries}); otherwise {@code via} is left out.
 */
public record GraphEdge(String from, String type, String to, Instant validFrom, Instant validTo,
                        Instant recordedAt, String recordedBy,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> via) {

    public GraphEdge {
        via = via == null ? List.of() : List.copyOf(via);
    }

    /** A single relation. */
    public GraphEdge(String from, String type, String to, Instant validFrom, Instant validTo, Instant recordedAt,
                     String recordedBy) {
        this(from, type, to, validFrom, validTo, recordedAt, recordedBy, List.of());
    }
}
