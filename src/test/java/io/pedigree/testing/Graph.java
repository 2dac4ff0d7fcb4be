package io.pedigree.testing;

import org.neo4j.driver.Record;

import java.util.List;
import java.util.Map;

/** Looks at the shared graph directly, bypassing the API, to check what a request really wrote. */
public final class Graph {

    private Graph() {
    }

    /** The number of lineage nodes (tokens and schema records are not counted). */
    public static long nodes() {
        return count("MATCH (n:Node) RETURN count(n) AS c");
    }

    /** The number of relationships between lineage nodes. */
    public static long relations() {
        return count("MATCH (:Node)-[r]->(:Node) RETURN count(r) AS c");
    }

    /** Runs a query returning one row with a count named {@code c}. */
    public static long count(String cypher, Object... keysAndValues) {
        return rows(cypher, keysAndValues).get(0).get("c").asLong();
    }

    public static List<Record> rows(String cypher, Object... keysAndValues) {
        // As a request to the app would, a direct read first waits for the OpenLineage events accepted before it.
        TestApp.awaitApplied();
        try (var session = TestNeo4j.driver().session()) {
            return session.run(cypher, parameters(keysAndValues)).list();
        }
    }

    private static Map<String, Object> parameters(Object... keysAndValues) {
        Map<String, Object> out = new java.util.HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }
}
