package io.pedigree.fields;

import io.pedigree.fields.FieldGraph.Consumption;
import io.pedigree.fields.FieldGraph.DatasetSchema;
import io.pedigree.fields.FieldGraph.Derivation;
import io.pedigree.lineage.NodeKey;
import io.pedigree.store.Database;
import org.neo4j.driver.Value;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields of the datasets one lineage drawing holds (see {@link FieldGraph.Scope}), read in one transaction:
 * each box's fields, the derivations among the boxes' families, and the drawn versions' features.
 */
final class FieldScopes {

    // A version's fields in schema order (its schema valid at $asOf); the count is the whole schema's.
    private static final String VERSION_BOXES = """
            UNWIND $versions AS key
            MATCH (v:Node {key: key})
            CALL (v) {
                OPTIONAL MATCH (v)-[s:HAS_SCHEMA
                      WHERE s.validFrom <= $asOf AND (s.validTo IS NULL OR s.validTo > $asOf)]
                      ->(:Schema)-[h:HAS_FIELD]->(f:Field WHERE f.retractedAt IS NULL OR f.retractedAt > $asOf)
                WITH f, h ORDER BY h.position
                RETURN count(f) AS total, collect(f.path)[0..$limit] AS fields
            }
            RETURN key, total, fields
            """;

    // Derivations valid at $asOf whose both ends belong to a family in the drawing, read from the derived end
    // (each family's fields, and its whole-dataset field for dataset-wide dependencies).
    private static final String DERIVATIONS = """
            UNWIND $families AS ds
            MATCH (w:Field {dataset: ds, path: ''})
            CALL (w) {
                MATCH (a:Field)-[:FIELD_OF]->(w)
                RETURN a
                UNION
                RETURN w AS a
            }
            MATCH (a)-[e:DERIVES_FROM]->(b:Field)
            WHERE b.dataset IN $families AND e.validFrom <= $asOf AND (e.validTo IS NULL OR e.validTo > $asOf)
            RETURN a.dataset AS dataset, a.path AS field, b.dataset AS inputDataset, b.path AS inputField,
                   e.type AS type
            LIMIT $cap
            """;

    private static final String CONSUMES = """
            UNWIND $versions AS key
            MATCH (m:Node {key: key})-[c:CONSUMES]->(f:Field)
            WHERE c.validFrom <= $asOf AND (c.validTo IS NULL OR c.validTo > $asOf) AND f.dataset IN $families
            RETURN key, f.dataset AS dataset, f.path AS field
            LIMIT $cap
            """;

    private FieldScopes() {
    }

    static FieldGraph.Scope read(Database db, Collection<String> datasets, Collection<String> models, int limit,
                                 int cap, Instant at) {
        List<String> versions = new ArrayList<>();
        List<String> familyBoxes = new ArrayList<>();
        Set<String> families = new LinkedHashSet<>();
        for (String d : datasets) {
            NodeKey key = NodeKey.parse("dataset", d);
            (key.isVersion() ? versions : familyBoxes).add(d);
            families.add(key.family().orElse(key).toString());
        }
        Map<String, Object> p = new HashMap<>();
        p.put("versions", versions);
        p.put("families", List.copyOf(families));
        p.put("limit", limit);
        p.put("cap", cap + 1);
        p.put("asOf", at.atZone(ZoneOffset.UTC));
        return db.read(tx -> {
            Map<String, DatasetSchema> boxes = new HashMap<>();
            tx.run(VERSION_BOXES, p).forEachRemaining(r -> boxes.put(r.get("key").asString(), schema(r.get("key"),
                    r.get("total"), r.get("fields"))));
            Map<String, Object> fp = new HashMap<>(p);
            fp.put("datasets", familyBoxes);
            // A family's own box: the same schema reading as the field page's.
            tx.run(FieldQueries.SCHEMAS, fp).forEachRemaining(r -> boxes.put(r.get("ds").asString(),
                    schema(r.get("ds"), r.get("total"), r.get("fields"))));
            List<Derivation> derivations = new ArrayList<>(tx.run(DERIVATIONS, p).list(r -> new Derivation(
                    r.get("dataset").asString(), r.get("field").asString(), r.get("inputDataset").asString(),
                    r.get("inputField").asString(), r.get("type").asString(null))));
            Map<String, Object> mp = new HashMap<>(p);
            mp.put("versions", List.copyOf(models));
            List<Consumption> consumes = models.isEmpty() ? List.of() : tx.run(CONSUMES, mp).list(r ->
                    new Consumption(r.get("key").asString(), r.get("dataset").asString(), r.get("field").asString()));
            boolean truncated = derivations.size() > cap || consumes.size() > cap;
            return new FieldGraph.Scope(Map.copyOf(boxes), List.copyOf(derivations.subList(0,
                    Math.min(cap, derivations.size()))), List.copyOf(consumes.subList(0, Math.min(cap,
                    consumes.size()))), truncated);
        });
    }

    private static DatasetSchema schema(Value key, Value total, Value fields) {
        return new DatasetSchema(key.asString(), total.asInt(), fields.asList(Value::asString));
    }
}
