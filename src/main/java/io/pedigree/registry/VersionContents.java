package io.pedigree.registry;

import io.pedigree.audit.Digest;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a version's governed content from the graph; kept apart so the public record carries no driver types. */
final class VersionContents {

    private static final String ARTIFACTS = """
            MATCH (:Node {key: $key})-[r:HAS_ARTIFACT]->(a:Node:Artifact)
            WHERE r.validTo IS NULL
            RETURN a.key AS artifact, r.props AS props, r.validFrom AS since
            ORDER BY artifact
            """;

    private VersionContents() {
    }

    /** Reads the content of {@code v} as it is now, artifacts attached after registration included. */
    static VersionContent read(TransactionContext tx, ModelVersion v) {
        List<Map<String, Object>> artifacts = new ArrayList<>();
        Instant last = null;
        for (var r : tx.run(ARTIFACTS, Map.of("key", v.key())).list()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("artifact", r.get("artifact").asString());
            a.put("attachment", Json.map(r.get("props").asString(null)));
            artifacts.add(a);
            Instant since = instant(r.get("since"));
            if (since != null && (last == null || since.isAfter(last))) {
                last = since;
            }
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("run", v.run());
        inputs.put("inputs", v.inputs());
        inputs.put("baseModel", v.baseModel());
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("card", Digest.of(v.card().fields()));
        parts.put("description", Digest.of(v.description()));
        parts.put("artifacts", Digest.of(artifacts));
        parts.put("inputs", Digest.of(inputs));
        return new VersionContent(parts, last);
    }

    private static Instant instant(Value v) {
        return v == null || v.isNull() ? null : v.asZonedDateTime().toInstant();
    }
}
