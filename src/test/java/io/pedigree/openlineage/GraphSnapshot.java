package io.pedigree.openlineage;

import io.pedigree.testing.Graph;
import org.neo4j.driver.Record;

import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The lineage graph as text, without what records when Pedigree learnt something (createdAt, updatedAt,
 * recordedAt, received events, audit), so two graphs that say the same about the world compare equal.
 */
final class GraphSnapshot {

    private static final String NODES = """
            MATCH (n:Node)
            RETURN n.key AS key, labels(n) AS labels, properties(n) AS props
            """;

    private static final String RELATIONS = """
            MATCH (a:Node)-[r]->(b:Node)
            RETURN a.key AS a, type(r) AS type, b.key AS b, properties(r) AS props
            """;

    // Field-level lineage: fields, the schemas versions share, derivations and features.
    private static final String FIELD_RELATIONS = """
            MATCH (a)-[r]->(b) WHERE a:Field OR b:Field OR a:Schema OR b:Schema
            RETURN coalesce(a.key, a.id) AS a, type(r) AS type, coalesce(b.key, b.id) AS b, properties(r) AS props
            """;

    private static final String FIELD_NODES = """
            MATCH (n) WHERE n:Field OR n:Schema
            RETURN coalesce(n.key, n.id) AS key, labels(n) AS labels, properties(n) AS props
            """;

    private static final List<String> RECORDING = List.of("createdAt", "updatedAt", "recordedAt", "createdBy",
            "updatedBy", "recordedBy");

    private GraphSnapshot() {
    }

    static String take() {
        List<String> nodes = Graph.rows(NODES).stream().map(GraphSnapshot::node).sorted().toList();
        List<String> relations = Graph.rows(RELATIONS).stream().map(GraphSnapshot::relation).sorted().toList();
        List<String> fields = Graph.rows(FIELD_NODES).stream().map(GraphSnapshot::node).sorted().toList();
        List<String> fieldRelations = Graph.rows(FIELD_RELATIONS).stream().map(GraphSnapshot::relation).sorted()
                .toList();
        return String.join("\n", nodes) + "\n--\n" + String.join("\n", relations) + "\n-- fields\n"
                + String.join("\n", fields) + "\n--\n" + String.join("\n", fieldRelations);
    }

    private static String node(Record r) {
        return r.get("key").asString() + " " + r.get("labels").asList().stream().map(Object::toString).sorted()
                .toList() + " " + clean(r.get("props").asMap());
    }

    private static String relation(Record r) {
        return r.get("a").asString() + " -" + r.get("type").asString() + "-> " + r.get("b").asString() + " "
                + clean(r.get("props").asMap());
    }

    private static String clean(java.util.Map<String, Object> props) {
        TreeMap<String, Object> out = new TreeMap<>(props);
        RECORDING.forEach(out::remove);
        return out.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
