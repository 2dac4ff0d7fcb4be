package io.pedigree.registry;

import io.pedigree.artifacts.Artifacts;
import io.pedigree.artifacts.FileNames;
import io.pedigree.artifacts.Sha256;
import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.audit.Digest;
import io.pedigree.error.PedigreeException.Conflict;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.NotFound;
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
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The model registry: registered models, their numbered immutable versions, descriptive fields and aliases. Every
 * change is written with its audit event in one transaction; versions are also nodes of the lineage graph, linked
 * to the run, inputs and base model that produced them.
 */
public final class Registry {

    private static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9_\\-]{0,63}");
    private static final Set<Kind> INPUT_KINDS = EnumSet.of(Kind.DATASET, Kind.PROMPT, Kind.EMBEDDING, Kind.COMMIT,
            Kind.MODEL, Kind.ARTIFACT);

    private static final String CREATE_MODEL = """
            MERGE (m:RegisteredModel {name: $name})
            ON CREATE SET m._new = true, m.description = $description, m.tags = $tags, m.policy = $policy,
                m.owner = $owner, m.nextVersion = 1, m.createdAt = $now, m.createdBy = $actor
            WITH m, coalesce(m._new, false) AS fresh
            REMOVE m._new
            RETURN fresh
            """;

    // Locking the model serializes registrations and transitions of its versions.
    private static final String LOCK_MODEL = """
            MATCH (m:RegisteredModel {name: $name})
            SET m._lock = true
            REMOVE m._lock
            RETURN m.nextVersion AS next
            """;

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

    private static final String READ_MODEL = """
            MATCH (m:RegisteredModel {name: $name})
            CALL (m) {
                OPTIONAL MATCH (a:Alias {model: m.name})
                RETURN collect(a {.name, .number}) AS aliases
            }
            CALL (m) {
                OPTIONAL MATCH (m)-[:HAS_VERSION]->(s:ModelVersion)
                RETURN max(s.number) AS latest,
                       max(CASE WHEN s.stage = 'production' THEN s.number END) AS production
            }
            RETURN m {.*} AS m, aliases, latest, production
            """;

    private static final String LIST_MODELS = """
            MATCH (m:RegisteredModel)
            WHERE $after IS NULL OR m.name > $after
            RETURN m.name AS name
            ORDER BY name
            LIMIT $limit
            """;

    private static final String READ_VERSION = """
            MATCH (s:ModelVersion {key: $key})-[:FOR]->(v:Node)
            RETURN s {.*} AS s, v.props AS props
            """;

    private static final String LIST_VERSIONS = """
            MATCH (:RegisteredModel {name: $name})-[:HAS_VERSION]->(s:ModelVersion)-[:FOR]->(v:Node)
            WHERE $stage IS NULL OR s.stage = $stage
            RETURN s {.*} AS s, v.props AS props
            ORDER BY s.number DESC
            """;

    private static final String UPDATE_VERSION = """
            MATCH (s:ModelVersion {key: $key})
            SET s.description = $description, s.tags = $tags, s.card = $card, s.updatedAt = $now,
                s.updatedBy = $actor
            """;

    private static final String UPDATE_MODEL = """
            MATCH (m:RegisteredModel {name: $name})
            SET m.description = $description, m.tags = $tags, m.owner = $owner, m.updatedAt = $now,
                m.updatedBy = $actor
            """;

    private static final String SET_POLICY = """
            MATCH (m:RegisteredModel {name: $name})
            SET m.policy = $policy, m.policyChangedAt = $now, m.policyChangedBy = $actor
            """;

    private static final String MOVE_ALIAS = """
            MERGE (a:Alias {id: $id})
            ON CREATE SET a.model = $model, a.name = $alias
            WITH a, a.number AS before
            SET a.number = $number, a.movedAt = $now, a.movedBy = $actor
            RETURN before
            """;

    private static final String DELETE_ALIAS = """
            MATCH (a:Alias {id: $id})
            WITH a, a.number AS before
            DELETE a
            RETURN before
            """;

    private final Database db;
    private final GraphWriter writer;
    private final AuditLog audit;
    private final Limits limits;
    private final Clock clock;

    public Registry(Database db, GraphWriter writer, AuditLog audit, Limits limits, Clock clock) {
        this.db = db;
        this.writer = writer;
        this.audit = audit;
        this.limits = limits;
        this.clock = clock;
    }

    /** Registers a model; its family node joins the lineage graph, owned by {@code owner} when given. */
    public RegisteredModel createModel(ModelName name, String description, NodeKey owner, Map<String, String> tags,
                                       Policy policy, String actor) {
        checkOwner(owner);
        Policy effective = policy == null ? Policy.DEFAULT : policy.validated("policy.");
        db.write(tx -> {
            Map<String, Object> p = new HashMap<>();
            p.put("name", name.value());
            p.put("description", description == null ? "" : description);
            p.put("tags", Json.write(tags == null ? Map.of() : tags));
            p.put("policy", Json.write(effective));
            p.put("owner", owner == null ? null : owner.toString());
            p.put("now", now());
            p.put("actor", actor);
            if (!tx.run(CREATE_MODEL, p).single().get("fresh").asBoolean()) {
                throw new Conflict("A model named " + name + " is registered already", List.of());
            }
            recordFamily(tx, name, owner, actor);
            audit.append(tx, actor, AuditEntry.of("model.register", name.key().toString(), null, p, null));
            return null;
        });
        return model(name);
    }

    /**
     * Changes a model's description, owner and tags; fields left null keep their value, and tags merge (a tag set
     * to null is removed). Read, decided and written under the model's lock, so concurrent edits are not lost.
     */
    public RegisteredModel updateModel(ModelName name, String description, NodeKey owner, Map<String, String> tags,
                                       String actor) {
        checkOwner(owner);
        return db.write(tx -> {
            lock(tx, name);
            RegisteredModel before = requireModel(tx, name);
            Map<String, Object> p = new HashMap<>();
            p.put("name", name.value());
            p.put("description", description == null ? before.description() : description);
            p.put("tags", Json.write(mergeTags(before.tags(), tags)));
            p.put("owner", owner == null ? before.owner() : owner.toString());
            p.put("now", now());
            p.put("actor", actor);
            tx.run(UPDATE_MODEL, p).consume();
            if (owner != null) {
                recordFamily(tx, name, owner, actor);
            }
            RegisteredModel after = requireModel(tx, name);
            audit.append(tx, actor, AuditEntry.of("model.update", name.key().toString(), state(before),
                    state(after), null));
            return after;
        });
    }

    /** Replaces a model's policy; the reason is required and the change audited, under the model's lock. */
    public RegisteredModel setPolicy(ModelName name, Policy policy, String reason, String actor) {
        requireReason(reason);
        policy.validated();
        return db.write(tx -> {
            lock(tx, name);
            RegisteredModel before = requireModel(tx, name);
            tx.run(SET_POLICY, Map.of("name", name.value(), "policy", Json.write(policy), "now", now(),
                    "actor", actor)).consume();
            RegisteredModel after = requireModel(tx, name);
            audit.append(tx, actor, AuditEntry.of("model.policy", name.key().toString(), before.policy(),
                    after.policy(), reason));
            return after;
        });
    }

    public RegisteredModel model(ModelName name) {
        return db.read(tx -> requireModel(tx, name));
    }

    public List<RegisteredModel> models(String after, int limit) {
        return db.read(tx -> {
            List<String> names = new ArrayList<>();
            tx.run(LIST_MODELS, nullable("after", after, "limit", limit)).forEachRemaining(r ->
                    names.add(r.get("name").asString()));
            List<RegisteredModel> out = new ArrayList<>();
            for (String n : names) {
                readModel(tx, new ModelName(n)).ifPresent(out::add);
            }
            return out;
        });
    }

    /** Registers the next version of a model, numbered without gaps even under concurrent registrations. */
    public ModelVersion register(ModelName name, VersionInput input, String actor) {
        checkInput(input);
        int number = db.write(tx -> {
            List<Record> lock = tx.run(LOCK_MODEL, Map.of("name", name.value())).list();
            if (lock.isEmpty()) {
                throw new NotFound("name", "No registered model named " + name + "; register the model first");
            }
            int highest = tx.run(HIGHEST_RECORDED, Map.of("family", name.key().toString())).single()
                    .get("highest").asInt(0);
            int n = Math.max(lock.get(0).get("next").asInt(1), highest + 1);
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
            List<String> touched = new ArrayList<>();
            input.inputs().forEach(k -> touched.add(k.toString()));
            if (input.run() != null) {
                touched.add(input.run().toString());
            }
            audit.append(tx, actor, new AuditEntry("version.register", key.toString(), touched, null,
                    Digest.of(content.values()), null, Map.of("model", name.value(), "number", n)));
            return n;
        });
        return version(name, number);
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
            List<Record> lock = tx.run(LOCK_MODEL, Map.of("name", name.value())).list();
            if (lock.isEmpty()) {
                throw new NotFound("name", "No registered model named " + name + "; register the model first");
            }
            int next = lock.get(0).get("next").asInt(1);
            if (number != next) {
                throw new Conflict("The next version of " + name + " is " + next + "; versions are adopted in order",
                        List.of());
            }
            if (tx.run(NODE_PROPS, Map.of("key", key.toString())).list().isEmpty()) {
                throw new InvalidInput("version", "No node " + key + " is recorded to adopt");
            }
            if (readVersion(tx, key).isPresent()) {
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
            audit.append(tx, actor, new AuditEntry("version.adopt", key.toString(), List.of(), null,
                    Digest.of(Map.of("key", key.toString(), "number", number)), null,
                    Map.of("model", name.value(), "number", number)));
            return null;
        });
        return version(name, number);
    }

    public ModelVersion version(ModelName name, int number) {
        return version("version", name, number);
    }

    /** A version by number; a 404 naming {@code field} when the model has no such version. */
    public ModelVersion version(String field, ModelName name, int number) {
        return db.read(tx -> requireVersion(tx, field, name, number));
    }

    /** A version by number, or by alias when {@code ref} is not a number. */
    public ModelVersion version(String field, ModelName name, String ref) {
        return version(field, name, resolve(field, name, ref));
    }

    /**
     * The version number {@code ref} stands for: a number as it is, an alias as it points now. The model must
     * exist (a 404 naming {@code name} otherwise); an unknown alias is a 404 naming {@code field}.
     */
    public int resolve(String field, ModelName name, String ref) {
        RegisteredModel m = model(name);
        if (ref != null && ref.matches("[0-9]{1,9}")) {
            return Integer.parseInt(ref);
        }
        Integer n = m.aliases().get(ref);
        if (n == null) {
            throw new NotFound(field, "Model " + name + " has no version or alias '" + ref + "'");
        }
        return n;
    }

    public List<ModelVersion> versions(ModelName name, Stage stage) {
        model(name);
        return db.read(tx -> tx.run(LIST_VERSIONS, nullable("name", name.value(), "stage",
                stage == null ? null : stage.id())).list(r -> VersionRows.version(r)));
    }

    /**
     * Changes the descriptive fields of a version (never what produced it); null fields keep their value, tags
     * merge (a tag set to null is removed) and a card replaces the card. Read, decided and written under the
     * model's lock, so concurrent edits are not lost and each audit event starts where the one before ended.
     */
    public ModelVersion update(ModelName name, int number, String description, Map<String, String> tags,
                               ModelCard card, String reason, String actor) {
        return db.write(tx -> {
            lock(tx, name);
            ModelVersion before = requireVersion(tx, "version", name, number);
            Map<String, Object> p = new HashMap<>();
            p.put("key", before.key());
            p.put("description", description == null ? before.description() : description);
            p.put("tags", Json.write(mergeTags(before.tags(), tags)));
            p.put("card", Json.write(card == null ? before.card().fields() : card.fields()));
            p.put("now", now());
            p.put("actor", actor);
            tx.run(UPDATE_VERSION, p).consume();
            ModelVersion after = requireVersion(tx, "version", name, number);
            audit.append(tx, actor, AuditEntry.of("version.update", before.key(), state(before), state(after),
                    reason));
            return after;
        });
    }

    /** What a model edit changes, the state its audit events digest before and after. */
    private static Map<String, Object> state(RegisteredModel m) {
        return nullable("description", m.description(), "owner", m.owner(), "tags", m.tags());
    }

    /** What a version edit changes, the state its audit events digest before and after. */
    private static Map<String, Object> state(ModelVersion v) {
        return nullable("description", v.description(), "tags", v.tags(), "card", v.card().fields());
    }

    /** JSON merge patch of tags (RFC 7396): a tag given is set, a tag given as null is removed, others stay. */
    static Map<String, String> mergeTags(Map<String, String> current, Map<String, String> patch) {
        Map<String, String> out = new java.util.TreeMap<>(current == null ? Map.of() : current);
        if (patch != null) {
            patch.forEach((k, v) -> {
                if (v == null) {
                    out.remove(k);
                } else {
                    out.put(k, v);
                }
            });
        }
        return out;
    }

    /** Points {@code alias} at version {@code number}, creating or moving it. */
    public RegisteredModel moveAlias(ModelName name, String alias, int number, String reason, String actor) {
        checkAlias(alias);
        ModelVersion target = version(name, number);
        db.write(tx -> {
            Record r = tx.run(MOVE_ALIAS, Map.of("id", name.value() + "/" + alias, "model", name.value(),
                    "alias", alias, "number", number, "now", now(), "actor", actor)).single();
            Integer before = r.get("before").isNull() ? null : r.get("before").asInt();
            audit.append(tx, actor, new AuditEntry("alias.move", name.key().toString(), List.of(target.key()),
                    Digest.of(before == null ? null : Map.of("alias", alias, "number", before)),
                    Digest.of(Map.of("alias", alias, "number", number)), reason,
                    nullable("alias", alias, "from", before, "to", number)));
            return null;
        });
        return model(name);
    }

    public RegisteredModel deleteAlias(ModelName name, String alias, String reason, String actor) {
        checkAlias(alias);
        model(name);
        db.write(tx -> {
            List<Record> r = tx.run(DELETE_ALIAS, Map.of("id", name.value() + "/" + alias)).list();
            if (r.isEmpty()) {
                throw new NotFound("alias", "Model " + name + " has no alias '" + alias + "'");
            }
            int before = r.get(0).get("before").asInt();
            audit.append(tx, actor, new AuditEntry("alias.delete", name.key().toString(), List.of(),
                    Digest.of(Map.of("alias", alias, "number", before)), null, reason,
                    Map.of("alias", alias, "from", before)));
            return null;
        });
        return model(name);
    }

    /** Reads a version inside another service's transaction. */
    public Optional<ModelVersion> readVersion(TransactionContext tx, NodeKey key) {
        return tx.run(READ_VERSION, Map.of("key", key.toString())).stream().findFirst().map(VersionRows::version);
    }

    /** Reads a model inside another service's transaction. */
    public Optional<RegisteredModel> readModel(TransactionContext tx, ModelName name) {
        return tx.run(READ_MODEL, Map.of("name", name.value())).stream().findFirst().map(VersionRows::model);
    }

    /** The model, read in {@code tx}; a 404 naming {@code name} when no such model is registered. */
    public RegisteredModel requireModel(TransactionContext tx, ModelName name) {
        return readModel(tx, name).orElseThrow(() -> new NotFound("name", "No registered model named " + name));
    }

    /**
     * A version, read in {@code tx}; a 404 naming {@code name} when the model is not registered, else naming
     * {@code field} when it has no such version. Every lookup of a version by a client's words goes through here.
     */
    public ModelVersion requireVersion(TransactionContext tx, String field, ModelName name, int number) {
        return readVersion(tx, name.version(number)).orElseThrow(() -> {
            requireModel(tx, name);
            return new NotFound(field, "Model " + name + " has no version " + number);
        });
    }

    /** Takes the model's lock inside {@code tx}; fails if the model is not registered. */
    public void lock(TransactionContext tx, ModelName name) {
        if (tx.run(LOCK_MODEL, Map.of("name", name.value())).list().isEmpty()) {
            throw new NotFound("name", "No registered model named " + name);
        }
    }

    private void recordFamily(TransactionContext tx, ModelName name, NodeKey owner, String actor) {
        Properties existing = tx.run(NODE_PROPS, Map.of("key", name.key().toString())).stream().findFirst()
                .map(r -> Properties.fromJson(r.get("props").asString(null))).orElse(Properties.EMPTY);
        writer.writeIn(tx, new Batch(List.of(new NodeInput(name.key(), existing, owner, null)), List.of()), actor,
                i -> "");
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

    private static void checkOwner(NodeKey owner) {
        if (owner != null && owner.kind() != Kind.PERSON) {
            throw new InvalidInput("owner", "owner names a person, like person:ana");
        }
    }

    private static void checkAlias(String alias) {
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw new InvalidInput("alias", "An alias is a lowercase word of letters, digits, '_' or '-', like"
                    + " champion");
        }
    }

    static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInput("reason", "A reason is required");
        }
    }

    private java.time.ZonedDateTime now() {
        return clock.instant().atZone(ZoneOffset.UTC);
    }

    /** A parameter map that may hold nulls, which {@link Map#of} does not allow. */
    static Map<String, Object> nullable(Object... pairs) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
