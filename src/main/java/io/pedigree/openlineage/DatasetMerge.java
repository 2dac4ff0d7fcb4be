package io.pedigree.openlineage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.Properties;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Folds one dataset family into another when a symlinks facet says they are the same dataset: each version
 * {@code F@v} becomes {@code C@v} (renamed in place, or its relations moved onto an existing {@code C@v}), the
 * family's own relations, facets and fields move to {@code C}, and {@code F} is deleted. Lineage asked from either
 * name then finds the same nodes with the same keys, whichever name was seen first.
 */
final class DatasetMerge {

    /** What one merge did, for the audit event. */
    record Merged(String from, String into, List<String> versions) {
    }

    private static final String READ = """
            MATCH (f:Node {key: $from})
            OPTIONAL MATCH (v:Node)-[:VERSION_OF]->(f)
            WITH f, v ORDER BY v.key
            RETURN f.validFrom AS validFrom, f.olFacets AS facets,
                   [x IN collect({id: elementId(v), key: v.key, version: v.version, props: v.props}) WHERE x.key IS NOT NULL]
                   AS versions
            """;

    private static final String EXISTS = """
            OPTIONAL MATCH (t:Node {key: $key}) RETURN elementId(t) AS id
            """;

    // A version no one named under the canonical name yet keeps its node: only its name and family change.
    private static final String RENAME_VERSION = """
            MATCH (v) WHERE elementId(v) = $id
            MATCH (c:Node {key: $canonical})
            MATCH (v)-[old:VERSION_OF]->(:Node {key: $from})
            MERGE (v)-[n:VERSION_OF]->(c)
            SET n += properties(old), v += $identity, v.contentHash = $hash
            DELETE old
            FOREACH (_ IN CASE WHEN v.validFrom < c.validFrom THEN [1] ELSE [] END | SET c.validFrom = v.validFrom)
            """;

    // Relations move with their type and properties (types are copied from existing relations, never from input).
    // Relations still open merge with an equal one the target has; closed ones (batch history) are copied as they are.
    // One direction of the move: %1$s matches a relation of a, %2$s is the same relation on b (arrows fixed here).
    private static final String MOVE_SIDE = """
            CALL (a, b) {
                MATCH %1$s WHERE o <> b AND o <> a
                CALL (r, b, o) {
                    WITH r, b, o WHERE r.validTo IS NULL
                    MERGE %2$s
                    WITH r, n, n.validFrom AS had
                    SET n += properties(r)
                    SET n.validFrom = CASE WHEN had IS NOT NULL AND had < r.validFrom THEN had ELSE r.validFrom END
                }
                CALL (r, b, o) {
                    WITH r, b, o WHERE r.validTo IS NOT NULL
                    CREATE %2$s
                    SET n = properties(r)
                }
                DELETE r
            }
            """;

    private static final String MOVE = """
            MATCH (a) WHERE elementId(a) = $from
            MATCH (b) WHERE elementId(b) = $to
            """ + MOVE_SIDE.formatted("(a)-[r]->(o)", "(b)-[n:$(type(r))]->(o)")
            + MOVE_SIDE.formatted("(o)-[r]->(a)", "(o)-[n:$(type(r))]->(b)") + """
            FOREACH (_ IN CASE WHEN a.validFrom < b.validFrom THEN [1] ELSE [] END | SET b.validFrom = a.validFrom)
            DETACH DELETE a
            """;

    // Fields belong to the family (V0008): the merged-away family's fields join the canonical's by path.
    private static final String FIELDS = """
            MATCH (x:Field {dataset: $from})
            OPTIONAL MATCH (y:Field {dataset: $into, path: x.path})
            RETURN elementId(x) AS id, x.path AS path, elementId(y) AS target
            """;

    private static final String RENAME_FIELD = """
            MATCH (x) WHERE elementId(x) = $id
            SET x.dataset = $into, x.key = $into + '#' + x.path
            """;

    private static final String FACETS = """
            MATCH (c:Node {key: $into}) RETURN c.olFacets AS facets
            """;

    private DatasetMerge() {
    }

    /** Folds family {@code from} into family {@code into} (made if missing); both are dataset family keys. */
    static Merged merge(TransactionContext tx, NodeKey from, NodeKey into, ZonedDateTime now, String actor) {
        Record f = tx.run(READ, Map.of("from", from.toString())).single();
        ZonedDateTime validFrom = f.get("validFrom").isNull() ? now : f.get("validFrom").asZonedDateTime();
        Nodes.ensure(tx, into, validFrom, now, actor, true);
        List<String> moved = new java.util.ArrayList<>();
        for (Value v : f.get("versions").values()) {
            NodeKey target = into.withVersion(v.get("version").asString());
            moved.add(target.toString());
            Value existing = tx.run(EXISTS, Map.of("key", target.toString())).single().get("id");
            if (existing.isNull()) {
                Map<String, Object> p = new HashMap<>();
                p.put("id", v.get("id").asString());
                p.put("canonical", into.toString());
                p.put("from", from.toString());
                p.put("identity", target.storedIdentity());
                String props = v.get("props").asString(null);
                p.put("hash", (props == null ? Properties.EMPTY : Properties.fromJson(props))
                        .contentHash(target.toString()));
                tx.run(RENAME_VERSION, p).consume();
            } else {
                move(tx, v.get("id").asString(), existing.asString());
            }
        }
        for (Record x : tx.run(FIELDS, Map.of("from", from.toString(), "into", into.toString())).list()) {
            if (x.get("target").isNull()) {
                tx.run(RENAME_FIELD, Map.of("id", x.get("id").asString(), "into", into.toString())).consume();
            } else {
                move(tx, x.get("id").asString(), x.get("target").asString());
            }
        }
        // The folded facets are merged by time like any two events' facets, so the order of merges does not matter.
        ObjectNode merged = FacetMerge.read(tx.run(FACETS, Map.of("into", into.toString())).single().get("facets")
                .asString(null));
        String before = FacetMerge.write(merged);
        ObjectNode theirs = FacetMerge.read(f.get("facets").asString(null));
        Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = theirs.fields();
        while (it.hasNext()) {
            var e = it.next();
            FacetMerge.offer(merged, e.getKey(), e.getValue().get("v"), Instant.parse(e.getValue().get("t").asText()),
                    e.getValue().get("d").asText());
        }
        String fromId = tx.run(EXISTS, Map.of("key", from.toString())).single().get("id").asString(null);
        String intoId = tx.run(EXISTS, Map.of("key", into.toString())).single().get("id").asString();
        if (fromId != null) {
            move(tx, fromId, intoId);
        }
        if (!FacetMerge.write(merged).equals(before)) {
            Nodes.setProperties(tx, into, NodeProperties.dataset(new OlEvent.Identity(into.namespace(), into.name()),
                    merged), now, actor);
        }
        DatasetVersions.realign(tx, into.toString());
        return new Merged(from.toString(), into.toString(), moved);
    }

    private static void move(TransactionContext tx, String from, String to) {
        tx.run(MOVE, Map.of("from", from, "to", to)).consume();
    }

    static ZonedDateTime utc(Instant t) {
        return t.atZone(ZoneOffset.UTC);
    }
}
