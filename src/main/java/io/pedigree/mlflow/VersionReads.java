package io.pedigree.mlflow;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pedigree.registry.ModelName;
import io.pedigree.registry.Stage;
import io.pedigree.store.Database;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads Pedigree versions as MLflow model versions: the registry's own fields plus what only MLflow clients send
 * (the source URI, the run id, the run link), which are kept on the version beside Pedigree's fields.
 */
final class VersionReads {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String READ = """
            MATCH (m:RegisteredModel)-[:HAS_VERSION]->(s:ModelVersion)
            WHERE ($name IS NULL OR m.name = $name) AND ($number IS NULL OR s.number = $number)
              AND s.mlflowDeleted IS NULL AND s.retiredAt IS NULL
            CALL (m, s) {
                OPTIONAL MATCH (a:Alias {model: m.name}) WHERE a.number = s.number
                RETURN collect(a.name) AS aliases
            }
            RETURN s {.*} AS s, aliases
            ORDER BY s.model, s.number DESC
            """;

    private static final String BY_KEYS = """
            UNWIND range(0, size($keys) - 1) AS i
            MATCH (m:RegisteredModel)-[:HAS_VERSION]->(s:ModelVersion {key: $keys[i]})
            WHERE s.retiredAt IS NULL
            CALL (m, s) {
                OPTIONAL MATCH (a:Alias {model: m.name}) WHERE a.number = s.number
                RETURN collect(a.name) AS aliases
            }
            RETURN s {.*} AS s, aliases
            ORDER BY i
            """;

    private VersionReads() {
    }

    /** Every version of {@code name} (every model when null), newest first within a model. */
    static List<Ml.ModelVersion> read(TransactionContext tx, ModelName name, Integer number) {
        Map<String, Object> p = new HashMap<>();
        p.put("name", name == null ? null : name.value());
        p.put("number", number);
        return tx.run(READ, p).list(r -> version(r.get("s"), r.get("aliases").asList(Value::asString)));
    }

    /** The versions with these keys, in the keys' order. */
    static List<Ml.ModelVersion> byKeys(TransactionContext tx, List<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return tx.run(BY_KEYS, Map.of("keys", keys)).list(r -> version(r.get("s"),
                r.get("aliases").asList(Value::asString)));
    }

    static Optional<Ml.ModelVersion> one(Database db, ModelName name, int number) {
        return db.read(tx -> read(tx, name, number).stream().findFirst());
    }

    static Ml.ModelVersion version(Value s, List<String> aliases) {
        Long updated = millis(s.get("updatedAt"));
        Long stageChanged = millis(s.get("stageChangedAt"));
        Long last = max(updated, stageChanged);
        return new Ml.ModelVersion(s.get("model").asString(), Integer.toString(s.get("number").asInt()),
                millis(s.get("registeredAt")), last, s.get("registeredBy").asString(null),
                Stages.name(Stage.parse("stage", s.get("stage").asString())), s.get("description").asString(""),
                s.get("mlflowSource").asString(null), s.get("mlflowRunId").asString(null), "READY",
                s.get("mlflowRunLink").asString(null), tags(s.get("tags").asString(null)), List.copyOf(aliases));
    }

    static List<Ml.Tag> tags(String json) {
        Map<String, String> m = strings(json);
        List<Ml.Tag> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(new Ml.Tag(k, v)));
        return out;
    }

    static Map<String, String> strings(String json) {
        if (json == null || json.isEmpty()) {
            return new TreeMap<>();
        }
        try {
            return new TreeMap<>(JSON.readValue(json, new TypeReference<Map<String, String>>() { }));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Stored tags are not JSON", e);
        }
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> tagMap(List<Ml.Tag> tags) {
        Map<String, String> m = new TreeMap<>();
        tags.forEach(t -> m.put(t.key(), t.value()));
        return m;
    }

    static Long millis(Value v) {
        return v == null || v.isNull() ? null : v.asZonedDateTime().toInstant().toEpochMilli();
    }

    private static Long max(Long a, Long b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Math.max(a, b);
    }
}
