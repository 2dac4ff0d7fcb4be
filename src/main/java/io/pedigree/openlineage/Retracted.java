package io.pedigree.openlineage;

import io.pedigree.error.PedigreeException;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A retracted key stays taken: an event naming one is refused whole, like a batch write, and nothing of it stays.
 * The one lookup and the one refusal every OpenLineage path (accepting, applying, symlinks, a group's write) uses.
 */
final class Retracted {

    private static final String AMONG = """
            CYPHER replan=skip
            UNWIND $keys AS key
            MATCH (n:Node {key: key}) WHERE n.retractedAt IS NOT NULL
            RETURN collect(key) AS retracted
            """;

    private Retracted() {
    }

    /** Those of {@code keys} that name a retracted node, in their order. */
    static List<String> among(TransactionContext tx, Collection<String> keys) {
        return tx.run(AMONG, Map.of("keys", List.copyOf(keys))).single().get("retracted").asList(Value::asString);
    }

    /** The refusal of an event naming {@code retracted} (not empty): the first in the message, up to 20 listed. */
    static PedigreeException.Conflict conflict(List<String> retracted) {
        return new PedigreeException.Conflict("The event names " + retracted.get(0) + ", which was retracted;"
                + " nothing was stored. A retracted key stays taken: report the data under a new name",
                retracted.stream().limit(20).map(k -> Map.<String, Object>of("key", k, "retracted", true)).toList());
    }
}
