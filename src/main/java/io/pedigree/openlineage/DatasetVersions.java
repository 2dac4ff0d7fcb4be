package io.pedigree.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.audit.Digest;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeKey;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which version of a dataset a mention stands for, without a version per run and whatever order events
 * arrive in. A version is what the producer names (the {@code version} facet: an Iceberg snapshot, a Delta
 * version) or, without one, what the schema is: {@code @schema-<fingerprint>}, so a new version appears only when
 * the schema changes. A mention with neither stands for the version valid at its time (the latest that began at
 * or before it; the earliest if none had), and is moved when a version that fits better turns up later. Until a
 * dataset has any version, such mentions share one placeholder, {@code @unversioned}, removed once unused.
 */
final class DatasetVersions {

    static final String PLACEHOLDER = "unversioned";

    private static final String REAL_VERSIONS = """
            MATCH (v:Node)-[:VERSION_OF]->(:Node {key: $family}) WHERE v.olPlaceholder IS NULL
            RETURN v.key AS key, v.validFrom AS validFrom
            """;

    /**
     * The version a mention at a time stands for, as a Cypher expression over {@code real} (the dataset's versions
     * other than the placeholder, not empty) and {@code eligible} (those that began by the mention's time): the
     * latest that began by then, else the earliest; ties by key. {@link #resolve} picks the same in Java.
     */
    static final String BEST_BY_TIME = """
            CASE WHEN size(eligible) > 0
                THEN reduce(b = eligible[0], x IN eligible | CASE WHEN x.validFrom > b.validFrom
                     OR (x.validFrom = b.validFrom AND x.key > b.key) THEN x ELSE b END)
                ELSE reduce(b = real[0], x IN real | CASE WHEN x.validFrom < b.validFrom
                     OR (x.validFrom = b.validFrom AND x.key < b.key) THEN x ELSE b END) END""";

    // Moves mentions resolved by time to the version valid at their time, after the set of versions changed.
    // Relation types are fixed names in this query.
    private static final String REALIGN = """
            MATCH (v:Node)-[:VERSION_OF]->(:Node {key: $family})
            WITH collect(v) AS all
            WITH all, [x IN all WHERE x.olPlaceholder IS NULL] AS real
            WHERE size(real) > 0
            UNWIND all AS cur
            CALL (cur) {
                MATCH (run:Run)-[r:USED {ol: true, olByTime: true}]->(cur) RETURN run, r, false AS output
                UNION
                MATCH (cur)-[r:WAS_GENERATED_BY {ol: true, olByTime: true}]->(run:Run) RETURN run, r, true AS output
            }
            WITH cur, run, r, output, real, [x IN real WHERE x.validFrom <= r.validFrom] AS eligible
            WITH cur, run, r, output, %s AS best
            WHERE best <> cur
            CALL (run, r, output, best) {
                WITH run, r, best WHERE NOT output
                MERGE (run)-[n:USED {ol: true}]->(best)
                SET n += properties(r)
            }
            CALL (run, r, output, best) {
                WITH run, r, best WHERE output
                MERGE (best)-[n:WAS_GENERATED_BY {ol: true}]->(run)
                SET n += properties(r)
            }
            DELETE r
            RETURN collect(DISTINCT cur.key) AS left
            """.formatted(BEST_BY_TIME);

    private static final String MARK = """
            MATCH (v:Node {key: $key})
            WITH v, v.olSchemaJson IS NULL AND $schema IS NOT NULL AND coalesce(v.olCreated, false) AS needsSchema
            SET v.olSchema = coalesce(v.olSchema, $schema), v.olPlaceholder = $placeholder
            RETURN needsSchema
            """;

    private static final String DROP_UNUSED_PLACEHOLDER = """
            MATCH (v:Node {key: $key}) WHERE v.olPlaceholder AND v.olCreated
              AND NOT EXISTS { (v)-[x]-() WHERE type(x) <> 'VERSION_OF' }
            DETACH DELETE v
            """;

    private DatasetVersions() {
    }

    /** A dataset family key for an OpenLineage identity. */
    static NodeKey family(OlEvent.Identity id, String field) {
        return Keys.of(Kind.DATASET, id, null, field);
    }

    /** The versions a run's mention of a dataset stands for, and whether it was resolved by time. */
    record Resolution(List<NodeKey> versions, boolean byTime) {
    }

    static Resolution resolve(TransactionContext tx, RunSummary.Mention m, String field, ZonedDateTime now,
                              String actor) {
        NodeKey family = family(m.id(), field);
        ZonedDateTime first = m.first().atZone(ZoneOffset.UTC);
        String fp = fingerprint(m.schemaFields());
        // Versions are decided one mention at a time per dataset: the family is locked while it is.
        Nodes.ensure(tx, family, first, now, actor, true);
        if (!m.versions().isEmpty() || fp != null) {
            List<String> names = m.versions().isEmpty() ? List.of("schema-" + fp) : m.versions();
            List<NodeKey> out = new ArrayList<>();
            for (String v : names) {
                out.add(content(tx, Keys.of(Kind.DATASET, m.id(), v, field), first, fp, m.schemaFields(), now,
                        actor));
            }
            return new Resolution(out, false);
        }
        List<Record> real = tx.run(REAL_VERSIONS, Map.of("family", family.toString())).list();
        if (real.isEmpty()) {
            NodeKey key = Keys.of(Kind.DATASET, m.id(), PLACEHOLDER, field);
            Nodes.ensure(tx, key, first, now, actor);
            tx.run(MARK, mark(key, null, true)).consume();
            return new Resolution(List.of(key), true);
        }
        Record best = null;
        for (Record r : real) {
            if (!r.get("validFrom").asZonedDateTime().isAfter(first) && (best == null || later(r, best))) {
                best = r;
            }
        }
        if (best == null) {
            for (Record r : real) {
                if (best == null || later(best, r)) {
                    best = r;
                }
            }
        }
        return new Resolution(List.of(NodeKey.parse("key", best.get("key").asString())), true);
    }

    /** A version named by content: ensured, and if it is new or now begins earlier, mentions by time realign. */
    static NodeKey content(TransactionContext tx, NodeKey key, ZonedDateTime first, String fp, JsonNode fields,
                           ZonedDateTime now, String actor) {
        Record r = Nodes.ensure(tx, key, first, now, actor);
        // The first schema reported for a version is kept; versions recorded through the batch API keep their own
        // properties.
        if (tx.run(MARK, mark(key, fp, null)).single().get("needsSchema").asBoolean()) {
            schemaProperty(tx, key, fields, now, actor);
        }
        if (r.get("changed").asBoolean()) {
            realign(tx, key.family().orElseThrow().toString());
        }
        return key;
    }

    /** Moves mentions resolved by time after {@code family}'s versions changed, and drops unused placeholders. */
    static void realign(TransactionContext tx, String family) {
        List<String> left = tx.run(REALIGN, Map.of("family", family)).list().stream()
                .flatMap(x -> x.get("left").asList(v -> v.asString()).stream()).toList();
        for (String k : left) {
            tx.run(DROP_UNUSED_PLACEHOLDER, Map.of("key", k)).consume();
        }
    }

    private static boolean later(Record a, Record b) {
        int c = a.get("validFrom").asZonedDateTime().compareTo(b.get("validFrom").asZonedDateTime());
        return c > 0 || (c == 0 && a.get("key").asString().compareTo(b.get("key").asString()) > 0);
    }

    private static Map<String, Object> mark(NodeKey key, String fp, Boolean placeholder) {
        Map<String, Object> p = new HashMap<>();
        p.put("key", key.toString());
        p.put("schema", fp);
        p.put("placeholder", placeholder);
        return p;
    }

    private static void schemaProperty(TransactionContext tx, NodeKey key, JsonNode fields, ZonedDateTime now,
                                       String actor) {
        Nodes.setProperties(tx, key, NodeProperties.schema(fields), now, actor);
    }

    /**
     * A schema's identity: its fields' names and types, nested fields included, in order; descriptions and
     * other annotations do not make a new version.
     */
    static String fingerprint(JsonNode fields) {
        if (fields == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        shape(fields, out);
        return Digest.sha256(out.toString()).substring(0, 12);
    }

    private static void shape(JsonNode fields, StringBuilder out) {
        out.append('[');
        for (JsonNode f : fields) {
            out.append(f.path("name").asText("")).append('\u0000').append(f.path("type").asText(""));
            JsonNode nested = f.path("fields");
            if (nested.isArray() && !nested.isEmpty()) {
                shape(nested, out);
            }
            out.append('\u0001');
        }
        out.append(']');
    }
}
