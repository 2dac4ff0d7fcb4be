package io.pedigree.registry;

import io.pedigree.audit.Digest;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The governed content of a version, what an approval approves and an evaluation measures: its model card,
 * description, artifacts and inputs, each as a digest, so a later change can be named ("a different card").
 * {@code lastArtifactChange} is when an artifact was last attached, for records made before digests were kept.
 */
public record VersionContent(Map<String, String> parts, Instant lastArtifactChange) {

    /** The parts, in the order a change is reported. */
    public static final List<String> PARTS = List.of("card", "description", "artifacts", "inputs");

    private static final String ARTIFACTS = """
            MATCH (:Node {key: $key})-[r:HAS_ARTIFACT]->(a:Node:Artifact)
            WHERE r.validTo IS NULL
            RETURN a.key AS artifact, r.props AS props, r.validFrom AS since
            ORDER BY artifact
            """;

    public VersionContent {
        parts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    }

    /** Reads the content of {@code v} as it is now, artifacts attached after registration included. */
    public static VersionContent read(TransactionContext tx, ModelVersion v) {
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

    /** One digest of the whole content. */
    public String digest() {
        return Digest.of(parts);
    }

    /** The digest of the artifacts alone: what an evaluation measured. */
    public String artifacts() {
        return parts.get("artifacts");
    }

    /** The part digests as JSON, to store beside a record made on this content. */
    public String partsJson() {
        return Json.write(parts);
    }

    /** Part digests stored by {@link #partsJson()}; empty for none. */
    public static Map<String, String> partsFromJson(String json) {
        return Json.strings(json);
    }

    /** The parts whose digest differs from {@code earlier}'s, in {@link #PARTS} order. */
    public List<String> changedSince(Map<String, String> earlier) {
        List<String> out = new ArrayList<>();
        for (String p : PARTS) {
            if (earlier == null || !java.util.Objects.equals(parts.get(p), earlier.get(p))) {
                out.add(p);
            }
        }
        return out;
    }

    private static Instant instant(Value v) {
        return v == null || v.isNull() ? null : v.asZonedDateTime().toInstant();
    }
}
