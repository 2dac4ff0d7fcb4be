package io.pedigree.registry;

import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns the rows of registry queries into records. */
final class VersionRows {

    private VersionRows() {
    }

    @SuppressWarnings("unchecked")
    static ModelVersion version(Record r) {
        Value s = r.get("s");
        Map<String, Object> content = Json.map(r.get("props").asString(null));
        Object params = content.get("parameters");
        Object artifacts = content.get("artifacts");
        Object inputs = content.get("inputs");
        return new ModelVersion(s.get("model").asString(), s.get("number").asInt(), s.get("key").asString(),
                Stage.parse("stage", s.get("stage").asString()), s.get("description").asString(""),
                Json.strings(s.get("tags").asString(null)), new ModelCard(Json.map(s.get("card").asString(null))),
                s.get("registeredBy").asString(null), instant(s.get("registeredAt")), instant(s.get("stageChangedAt")),
                (String) content.get("run"), inputs == null ? List.of() : (List<String>) inputs,
                (String) content.get("baseModel"), params == null ? Map.of() : (Map<String, Object>) params,
                artifacts == null ? List.of() : (List<Map<String, Object>>) artifacts);
    }

    static RegisteredModel model(Record r) {
        Value m = r.get("m");
        Map<String, Integer> aliases = new TreeMap<>();
        r.get("aliases").asList(v -> v).forEach(a -> aliases.put(a.get("name").asString(), a.get("number").asInt()));
        return new RegisteredModel(m.get("name").asString(), "model:" + m.get("name").asString(),
                m.get("description").asString(""), m.get("owner").asString(null),
                Json.strings(m.get("tags").asString(null)), Json.read(m.get("policy").asString(null), Policy.class,
                Policy.DEFAULT), aliases, r.get("production").isNull() ? null : r.get("production").asInt(),
                r.get("latest").asInt(0), instant(m.get("createdAt")), m.get("createdBy").asString(null),
                formerNames(m));
    }

    private static List<RegisteredModel.FormerName> formerNames(Value m) {
        List<String> names = m.get("formerNames").isNull() ? List.of() : m.get("formerNames").asList(Value::asString);
        List<Long> seqs = m.get("formerUntil").isNull() ? List.of() : m.get("formerUntil").asList(Value::asLong);
        List<RegisteredModel.FormerName> out = new java.util.ArrayList<>();
        for (int i = 0; i < names.size() && i < seqs.size(); i++) {
            out.add(new RegisteredModel.FormerName(names.get(i), seqs.get(i)));
        }
        return out;
    }

    static Instant instant(Value v) {
        return v == null || v.isNull() ? null : v.asZonedDateTime().toInstant();
    }
}
