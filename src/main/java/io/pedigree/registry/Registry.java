package io.pedigree.registry;

import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.lineage.NodeKey;
import io.pedigree.store.Database;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model registry's reads: registered models, their numbered versions and aliases, looked up by a client's
 * words with a 404 naming the field when there is none, and the model lock every change of a model takes. Changes
 * are {@link Models}' (models, policies, aliases) and {@link Versions}' (registration, adoption, edits).
 */
public final class Registry {

    // Locking the model serializes registrations and transitions of its versions.
    private static final String LOCK_MODEL = """
            MATCH (m:RegisteredModel {name: $name})
            WHERE m.retiredAt IS NULL
            SET m._lock = true
            REMOVE m._lock
            RETURN m.nextVersion AS next
            """;

    private static final String READ_MODEL = """
            MATCH (m:RegisteredModel {name: $name})
            WHERE m.retiredAt IS NULL
            CALL (m) {
                OPTIONAL MATCH (a:Alias {model: m.name})
                RETURN collect(a {.name, .number}) AS aliases
            }
            CALL (m) {
                OPTIONAL MATCH (m)-[:HAS_VERSION]->(s:ModelVersion) WHERE s.retiredAt IS NULL
                RETURN max(s.number) AS latest,
                       max(CASE WHEN s.stage = 'production' THEN s.number END) AS production
            }
            RETURN m {.*} AS m, aliases, latest, production
            """;

    private static final String LIST_MODELS = """
            MATCH (m:RegisteredModel)
            WHERE ($after IS NULL OR m.name > $after) AND m.retiredAt IS NULL
            RETURN m.name AS name
            ORDER BY name
            LIMIT $limit
            """;

    private static final String READ_VERSION = """
            MATCH (s:ModelVersion {key: $key})-[:FOR]->(v:Node)
            WHERE s.retiredAt IS NULL
            RETURN s {.*} AS s, v.props AS props
            """;

    private static final String LIST_VERSIONS = """
            MATCH (:RegisteredModel {name: $name})-[:HAS_VERSION]->(s:ModelVersion)-[:FOR]->(v:Node)
            WHERE ($stage IS NULL OR s.stage = $stage) AND s.retiredAt IS NULL
            RETURN s {.*} AS s, v.props AS props
            ORDER BY s.number DESC
            """;

    private static final String POLICIES = """
            UNWIND $keys AS key
            MATCH (m:RegisteredModel)-[:HAS_VERSION]->(:ModelVersion {key: key})
            RETURN key, m.policy AS policy
            """;

    private final Database db;

    public Registry(Database db) {
        this.db = db;
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

    /** Reads a version inside another service's transaction. */
    /** The governed content of {@code v} as it is now, artifacts attached after registration included. */
    public VersionContent content(TransactionContext tx, ModelVersion v) {
        return VersionContents.read(tx, v);
    }

    public Optional<ModelVersion> readVersion(TransactionContext tx, NodeKey key) {
        return tx.run(READ_VERSION, Map.of("key", key.toString())).stream().findFirst().map(VersionRows::version);
    }

    /**
     * The monitoring rules of each version's model, by version key, in one query; keys that are no registered
     * model version are left out.
     */
    public Map<String, Monitoring> monitoring(TransactionContext tx, Collection<String> versionKeys) {
        Map<String, Monitoring> out = new HashMap<>();
        tx.run(POLICIES, Map.of("keys", List.copyOf(versionKeys))).forEachRemaining(r -> out.put(
                r.get("key").asString(), Json.read(r.get("policy").asString(null), Policy.class, Policy.DEFAULT)
                        .monitoring()));
        return out;
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
        if (!tryLock(tx, name)) {
            throw new NotFound("name", "No registered model named " + name);
        }
    }

    /** Takes the model's lock inside {@code tx}, answering false (and locking nothing) if it is not registered. */
    public boolean tryLock(TransactionContext tx, ModelName name) {
        return !tx.run(LOCK_MODEL, Map.of("name", name.value())).list().isEmpty();
    }

    /**
     * Takes the model's lock inside {@code tx} and answers its next version number; a 404 naming {@code name}
     * when the model is not registered.
     */
    int nextNumber(TransactionContext tx, ModelName name) {
        List<Record> lock = tx.run(LOCK_MODEL, Map.of("name", name.value())).list();
        if (lock.isEmpty()) {
            throw new NotFound("name", "No registered model named " + name + "; register the model first");
        }
        return lock.get(0).get("next").asInt(1);
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
