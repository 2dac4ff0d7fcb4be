package io.pedigree.registry;

import io.pedigree.audit.Digest;

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

    public VersionContent {
        parts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parts));
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
}
