package io.pedigree.lineage;

import org.neo4j.driver.Value;

import java.time.Instant;

/** Conversions between Neo4j temporal values and instants. */
final class Times {
    private Times() {
    }

    static Instant instant(Value v) {
        return v == null || v.isNull() ? null : v.asZonedDateTime().toInstant();
    }
}
