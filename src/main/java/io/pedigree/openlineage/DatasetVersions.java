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
 * Decides which version of a dataset an event's mention stands for, without a version per run: a new version only
 * when the producer names one (the {@code version} facet: an Iceberg snapshot, a Delta version) or the schema
 * differs from the current version's; a mention without either stands for the current version, and a version
 * first seen without a schema takes the first schema reported for it. Versions Pedigree derives are named
 * {@code v1}, {@code v2}, ... in the order schemas appear.
 */
final class DatasetVersions {

    private static final String VERSIONS = """
            MATCH (v:Node)-[:VERSION_OF]->(:Node {key: $family})
            RETURN v.key AS key, v.version AS version, v.olSchema AS schema, v.olDerived AS derived,
                   v.validFrom AS validFrom
            ORDER BY v.validFrom DESC, v.key DESC
            """;

    private static final String FILL_SCHEMA = """
            MATCH (v:Node {key: $key}) WHERE v.olSchema IS NULL
            SET v.olSchema = $schema, v.olSchemaJson = $schemaJson
            RETURN coalesce(v.olCreated, false) AS ours
            """;

    private static final String MARK_DERIVED = """
            MATCH (v:Node {key: $key}) SET v.olDerived = $n
            """;

    private DatasetVersions() {
    }

    /** A dataset family key for an OpenLineage identity. */
    static NodeKey family(OlEvent.Identity id, String field) {
        return Keys.of(Kind.DATASET, id, null, field);
    }

    /**
     * The versions a run's mention of a dataset stands for; {@code current} is the version its edge points at
     * now (null if none), kept when nothing says otherwise so a run does not hop between versions.
     */
    static List<NodeKey> resolve(TransactionContext tx, RunSummary.Mention m, String current, String field,
                                 ZonedDateTime now, String actor) {
        NodeKey family = family(m.id(), field);
        ZonedDateTime first = m.first().atZone(ZoneOffset.UTC);
        String fp = fingerprint(m.schemaFields());
        List<NodeKey> out = new ArrayList<>();
        if (!m.versions().isEmpty()) {
            for (String v : m.versions()) {
                NodeKey key = Keys.of(Kind.DATASET, m.id(), v, field);
                Nodes.ensure(tx, key, first, now, actor);
                fill(tx, key, fp, m.schemaFields(), now, actor);
                out.add(key);
            }
            return out;
        }
        // The family is locked by ensuring it, so two events of one dataset never both create "the next" version.
        Nodes.ensure(tx, family, first, now, actor);
        List<Record> versions = tx.run(VERSIONS, Map.of("family", family.toString())).list();
        Map<String, Record> byKey = new LinkedHashMap<>();
        versions.forEach(r -> byKey.put(r.get("key").asString(), r));
        Record keep = current == null ? null : byKey.get(current);
        if (keep != null && (fp == null || keep.get("schema").isNull() || fp.equals(keep.get("schema").asString()))) {
            return List.of(use(tx, keep, first, fp, m.schemaFields(), now, actor));
        }
        if (fp != null) {
            for (Record r : versions) {
                if (fp.equals(r.get("schema").asString(null))) {
                    return List.of(use(tx, r, first, fp, m.schemaFields(), now, actor));
                }
            }
        }
        Record latest = versions.isEmpty() ? null : versions.get(0);
        if (latest != null && (fp == null || latest.get("schema").isNull())) {
            return List.of(use(tx, latest, first, fp, m.schemaFields(), now, actor));
        }
        int next = 1 + versions.stream().filter(r -> !r.get("derived").isNull())
                .mapToInt(r -> r.get("derived").asInt()).max().orElse(0);
        NodeKey key = Keys.of(Kind.DATASET, m.id(), "v" + next, field);
        Nodes.ensure(tx, key, first, now, actor);
        tx.run(MARK_DERIVED, Map.of("key", key.toString(), "n", next)).consume();
        fill(tx, key, fp, m.schemaFields(), now, actor);
        return List.of(key);
    }

    private static NodeKey use(TransactionContext tx, Record r, ZonedDateTime first, String fp, JsonNode fields,
                               ZonedDateTime now, String actor) {
        NodeKey key = NodeKey.parse("key", r.get("key").asString());
        Nodes.ensure(tx, key, first, now, actor);
        fill(tx, key, fp, fields, now, actor);
        return key;
    }

    /**
     * Gives a version without a schema the first schema reported for it, kept whole and as readable
     * {@code schema} property ({@code ["id bigint", "total numeric"]}).
     */
    static void fill(TransactionContext tx, NodeKey key, String fp, JsonNode fields, ZonedDateTime now,
                     String actor) {
        if (fp == null) {
            return;
        }
        Map<String, Object> p = new HashMap<>();
        p.put("key", key.toString());
        p.put("schema", fp);
        p.put("schemaJson", FacetMerge.write(fields));
        // Versions recorded through the batch API keep their own properties; the schema is kept beside them.
        List<Record> filled = tx.run(FILL_SCHEMA, p).list();
        if (!filled.isEmpty() && filled.get(0).get("ours").asBoolean()) {
            List<String> columns = new ArrayList<>();
            for (JsonNode f : fields) {
                String type = f.path("type").asText("");
                columns.add(Readable.clip((f.path("name").asText("") + " " + type).strip(), 1000));
            }
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("schema", columns.subList(0, Math.min(columns.size(), 10_000)));
            Nodes.setProperties(tx, key, props, List.of(), Map.of(), now, actor);
        }
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
        return Digest.sha256(out.toString()).substring(0, 16);
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
