package io.pedigree.registry;

import io.pedigree.artifacts.Artifacts;
import io.pedigree.artifacts.FileNames;
import io.pedigree.artifacts.Sha256;
import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.audit.Digest;
import io.pedigree.error.PedigreeException.Conflict;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.fields.FieldRef;
import io.pedigree.fields.FieldWriter;
import io.pedigree.lineage.Batch;
import io.pedigree.lineage.GraphWriter;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.Limits;
import io.pedigree.lineage.NodeInput;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.Properties;
import io.pedigree.lineage.RelationInput;
import io.pedigree.lineage.RelationType;
import io.pedigree.store.Database;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Numbered, immutable model versions: registration (numbered without gaps under the model's lock, linked into the
 * lineage graph with their run, inputs, base model and artifacts), adoption of versions a feed recorded, and edits
 * of what may still change (description, tags, model card).
 */
public final class Versions {

    private static final Set<Kind> INPUT_KINDS = EnumSet.of(Kind.DATASET, Kind.PROMPT, Kind.EMBEDDING, Kind.COMMIT,
            Kind.MODEL, Kind.ARTIFACT);

    private static final String HIGHEST_RECORDED = """
            MATCH (v:Node)-[:VERSION_OF]->(:Node {key: $family})
            RETURN max(toIntegerOrNull(v.version)) AS highest
            """;

    private static final String NODE_PROPS = """
            MATCH (n:Node {key: $key})
            RETURN n.props AS props
            """;

    private static final String MISSING = """
            UNWIND $keys AS key
            OPTIONAL MATCH (n:Node {key: key})
            WITH key, n WHERE n IS NULL
            RETURN collect(key) AS missing
            """;

    private static final String CREATE_VERSION = """
            MATCH (m:RegisteredModel {name: $name})
            MATCH (v:Node {key: $key})
            CREATE (s:ModelVersion {key: $key, model: $name, number: $number, stage: 'development',
                description: $description, tags: $tags, card: $card, registeredAt: $now, registeredBy: $actor,
                stageChangedAt: $now})
            CREATE (m)-[:HAS_VERSION]->(s)
            CREATE (s)-[:FOR]->(v)
            SET m.nextVersion = $number + 1
            """;

    private static final String UPDATE_VERSION = """
            MATCH (s:ModelVersion {key: $key})
            SET s.description = $description, s.tags = $tags, s.card = $card, s.updatedAt = $now,
                s.updatedBy = $actor
            """;

    private final Database db;
    private final Registry registry;
    private final GraphWriter writer;
    private final AuditLog audit;
    private final Limits limits;
    private final Clock clock;
    private final FieldWriter fields;

    public Versions(Database db, Registry registry, GraphWriter writer, AuditLog audit, Limits limits, Clock clock,
                    FieldWriter fields) {
        this.db = db;
        this.registry = registry;
        this.writer = writer;
        this.audit = audit;
        this.limits = limits;
        this.clock = clock;
        this.fields = fields;
    }

    /** Registers the next version of a model, numbered without gaps even under concurrent registrations. */
    public ModelVersion register(ModelName name, VersionInput input, String actor) {
        int number = db.write(tx -> registerIn(tx, name, input, actor));
        return registry.version(name, number);
    }

    /**
     * Registers the next version inside the caller's transaction (which then holds the model's lock), for a caller
     * that must decide and register atomically; answers the version's number.
     */
    public int registerIn(TransactionContext tx, ModelName name, VersionInput input, String actor) {
        checkInput(input);
        int next = registry.nextNumber(tx, name);
        int highest = tx.run(HIGHEST_RECORDED, Map.of("family", name.key().toString())).single()
                .get("highest").asInt(0);
        int n = Math.max(next, highest + 1);
        checkExist(tx, input);
        NodeKey key = name.version(n);
        Properties content = Properties.of("version", content(name, n, input), limits);
        List<RelationInput> relations = new ArrayList<>();
        if (input.run() != null) {
            relations.add(new RelationInput(key, RelationType.WAS_GENERATED_BY, input.run(), null, null, null));
        }
        for (NodeKey in : input.inputs()) {
            relations.add(input.run() != null
                    ? new RelationInput(input.run(), RelationType.USED, in, null, null, null)
                    : new RelationInput(key, RelationType.DERIVED_FROM, in, null, null, null));
        }
        if (input.baseModel() != null) {
            relations.add(new RelationInput(key, RelationType.DERIVED_FROM, input.baseModel(), null, null, null));
        }
        relations.addAll(artifactRelations(tx, key, input.artifacts()));
        writer.writeIn(tx, new Batch(List.of(new NodeInput(key, content, null, null)), relations), actor,
                i -> "inputs.");
        Map<String, Object> p = new HashMap<>();
        p.put("name", name.value());
        p.put("key", key.toString());
        p.put("number", n);
        p.put("description", input.description() == null ? "" : input.description());
        p.put("tags", Json.write(input.tags()));
        p.put("card", Json.write(input.card().fields()));
        p.put("now", now());
        p.put("actor", actor);
        tx.run(CREATE_VERSION, p).consume();
        fields.consume(tx, key, input.features(), actor);
        fields.inheritRunFeatures(tx, key, actor);
        List<String> touched = new ArrayList<>();
        input.inputs().forEach(k -> touched.add(k.toString()));
        if (input.run() != null) {
            touched.add(input.run().toString());
        }
        audit.append(tx, actor, new AuditEntry("version.register", key.toString(), touched, null,
                Digest.of(content.values()), null, Map.of("model", name.value(), "number", n)));
        return n;
    }

    /**
     * Registers a version already recorded in the lineage graph (by an OpenLineage feed or a pipeline writing
     * {@code model:<name>@<n>} itself) as it is: its content stays what was recorded. Numbers stay gapless: only
     * the model's next number can be adopted.
     */
    public ModelVersion adopt(ModelName name, int number, String description, Map<String, String> tags,
                              ModelCard card, String actor) {
        NodeKey key = name.version(number);
        db.write(tx -> {
            int next = registry.nextNumber(tx, name);
            if (number != next) {
                throw new Conflict("The next version of " + name + " is " + next + "; versions are adopted in order",
                        List.of());
            }
            if (tx.run(NODE_PROPS, Map.of("key", key.toString())).list().isEmpty()) {
                throw new InvalidInput("version", "No node " + key + " is recorded to adopt");
            }
            if (registry.readVersion(tx, key).isPresent()) {
                throw new Conflict(key + " is registered already", List.of());
            }
            Map<String, Object> p = new HashMap<>();
            p.put("name", name.value());
            p.put("key", key.toString());
            p.put("number", number);
            p.put("description", description == null ? "" : description);
            p.put("tags", Json.write(tags == null ? Map.of() : tags));
            p.put("card", Json.write(card == null ? Map.of() : card.fields()));
            p.put("now", now());
            p.put("actor", actor);
            tx.run(CREATE_VERSION, p).consume();
            fields.inheritRunFeatures(tx, key, actor);
            audit.append(tx, actor, new AuditEntry("version.adopt", key.toString(), List.of(), null,
                    Digest.of(Map.of("key", key.toString(), "number", number)), null,
                    Map.of("model", name.value(), "number", number)));
            return null;
        });
        return registry.version(name, number);
    }

    /**
     * Changes the descriptive fields of a version (never what produced it); null fields keep their value, tags
     * merge (a tag set to null is removed) and a card replaces the card. Read, decided and written under the
     * model's lock, so concurrent edits are not lost and each audit event starts where the one before ended.
     */
    public ModelVersion update(ModelName name, int number, String description, Map<String, String> tags,
                               ModelCard card, String reason, String actor) {
        return db.write(tx -> {
            registry.lock(tx, name);
            ModelVersion before = registry.requireVersion(tx, "version", name, number);
            Map<String, Object> p = new HashMap<>();
            p.put("key", before.key());
            p.put("description", description == null ? before.description() : description);
            p.put("tags", Json.write(Models.mergeTags(before.tags(), tags)));
            p.put("card", Json.write(card == null ? before.card().fields() : card.fields()));
            p.put("now", now());
            p.put("actor", actor);
            tx.run(UPDATE_VERSION, p).consume();
            ModelVersion after = registry.requireVersion(tx, "version", name, number);
            audit.append(tx, actor, AuditEntry.of("version.update", before.key(), state(before), state(after),
                    reason));
            return after;
        });
    }

    /** What a version edit changes, the state its audit events digest before and after. */
    private static Map<String, Object> state(ModelVersion v) {
        return Registry.nullable("description", v.description(), "tags", v.tags(), "card", v.card().fields());
    }

    private static Map<String, Object> content(ModelName name, int number, VersionInput input) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("model", name.value());
        c.put("number", number);
        if (input.run() != null) {
            c.put("run", input.run().toString());
        }
        c.put("inputs", input.inputs().stream().map(NodeKey::toString).toList());
        if (input.baseModel() != null) {
            c.put("baseModel", input.baseModel().toString());
        }
        c.put("parameters", input.parameters());
        if (!input.features().isEmpty()) {
            c.put("features", input.features().stream().map(FieldRef::key).toList());
        }
        List<Map<String, Object>> artifacts = new ArrayList<>();
        for (VersionInput.ArtifactRef a : input.artifacts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("role", a.role());
            m.put("name", a.name());
            m.put("sha256", a.sha256());
            if (a.size() != null) {
                m.put("size", a.size());
            }
            artifacts.add(m);
        }
        c.put("artifacts", artifacts);
        return c;
    }

    private void checkInput(VersionInput input) {
        if (input.run() != null && input.run().kind() != Kind.RUN) {
            throw new InvalidInput("run", "run names a run, like run:train-fraud@r42");
        }
        for (int i = 0; i < input.inputs().size(); i++) {
            NodeKey k = input.inputs().get(i);
            if (!INPUT_KINDS.contains(k.kind())) {
                throw new InvalidInput("inputs[" + i + "]", "An input is a dataset, prompt, embedding, commit,"
                        + " model or artifact, not a " + k.kind().id());
            }
        }
        if (input.baseModel() != null && (input.baseModel().kind() != Kind.MODEL || !input.baseModel().isVersion())) {
            throw new InvalidInput("baseModel", "baseModel names a model version, like model:llama-3-8b@2");
        }
        Properties.of("parameters", input.parameters(), limits);
        for (int i = 0; i < input.artifacts().size(); i++) {
            VersionInput.ArtifactRef a = input.artifacts().get(i);
            String f = "artifacts[" + i + "]";
            if (a == null || a.role() == null || !a.role().matches("[a-z][a-z0-9\\-]{0,63}")) {
                throw new InvalidInput(f + ".role", "role is a lowercase word like weights, config or eval-report");
            }
            if (a.sha256() == null || !a.sha256().matches("[0-9a-f]{64}")) {
                throw new InvalidInput(f + ".sha256", "sha256 is 64 lowercase hexadecimal digits");
            }
            if (a.size() != null && a.size() < 0) {
                throw new InvalidInput(f + ".size", "size is a number of bytes, not negative");
            }
        }
    }

    private void checkExist(TransactionContext tx, VersionInput input) {
        Map<String, String> fieldByKey = new LinkedHashMap<>();
        if (input.run() != null) {
            fieldByKey.put(input.run().toString(), "run");
        }
        for (int i = 0; i < input.inputs().size(); i++) {
            fieldByKey.putIfAbsent(input.inputs().get(i).toString(), "inputs[" + i + "]");
        }
        if (input.baseModel() != null) {
            fieldByKey.putIfAbsent(input.baseModel().toString(), "baseModel");
        }
        if (fieldByKey.isEmpty()) {
            return;
        }
        List<String> missing = tx.run(MISSING, Map.of("keys", new ArrayList<>(fieldByKey.keySet()))).single()
                .get("missing").asList(v -> v.asString());
        if (!missing.isEmpty()) {
            String first = missing.get(0);
            throw new InvalidInput(fieldByKey.get(first), "No node with key " + first + " is recorded; record it"
                    + " through the lineage API first");
        }
    }

    /** Links the version to its artifacts' nodes; their content must be in the artifact store already. */
    private List<RelationInput> artifactRelations(TransactionContext tx, NodeKey version,
                                                  List<VersionInput.ArtifactRef> artifacts) {
        List<RelationInput> out = new ArrayList<>();
        for (int i = 0; i < artifacts.size(); i++) {
            VersionInput.ArtifactRef a = artifacts.get(i);
            NodeKey artifact = Artifacts.key(Sha256.parse("artifacts[" + i + "].sha256", a.sha256()));
            List<Record> stored = tx.run("MATCH (a:Node:Artifact {key: $key}) RETURN a.`p.size` AS size",
                    Map.of("key", artifact.toString())).list();
            if (stored.isEmpty()) {
                throw new InvalidInput("artifacts[" + i + "].sha256", "No artifact with SHA-256 " + a.sha256()
                        + " is stored; upload it to /api/v1/artifacts first");
            }
            if (a.size() != null && !stored.get(0).get("size").isNull() && stored.get(0).get("size").asLong() != a.size()) {
                throw new InvalidInput("artifacts[" + i + "].size", "The stored artifact has "
                        + stored.get(0).get("size").asLong() + " bytes, not " + a.size());
            }
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("role", a.role());
            if (a.name() != null) {
                props.put("fileName", FileNames.check("artifacts[" + i + "].name", a.name()));
            }
            out.add(new RelationInput(version, RelationType.HAS_ARTIFACT, artifact, null, null,
                    Properties.of("artifacts[" + i + "]", props, limits)));
        }
        return out;
    }

    private java.time.ZonedDateTime now() {
        return clock.instant().atZone(ZoneOffset.UTC);
    }
}
