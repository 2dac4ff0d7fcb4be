package io.pedigree.lineage;

import io.pedigree.error.PedigreeException.InvalidInput;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The closed set of node kinds. Each kind is also a Neo4j label, so labels never come from user input.
 */
public enum Kind {
    MODEL("model", "Model", true, true),
    DATASET("dataset", "Dataset", true, true),
    PROMPT("prompt", "Prompt", true, true),
    EMBEDDING("embedding", "Embedding", true, true),
    COMMIT("commit", "Commit", true, true),
    /** A run's version is its run id; runs stay mutable so a job can report progress and outcome. */
    RUN("run", "Run", true, false),
    EVALUATION("evaluation", "Evaluation", false, true),
    DEPLOYMENT("deployment", "Deployment", false, false),
    ARTIFACT("artifact", "Artifact", false, true),
    PERSON("person", "Person", false, false),
    /** A production incident on a deployment; its status changes, so it stays mutable. */
    INCIDENT("incident", "Incident", false, false),
    /** An alert raised when production measurements cross a threshold of the model's policy; mutable like incidents. */
    ALERT("alert", "Alert", false, false);

    private final String id;
    private final String label;
    private final boolean versioned;
    private final boolean immutable;

    Kind(String id, String label, boolean versioned, boolean immutable) {
        this.id = id;
        this.label = label;
        this.versioned = versioned;
        this.immutable = immutable;
    }

    /** The lowercase name used in keys and in the API. */
    public String id() {
        return id;
    }

    /** The Neo4j label carried by nodes of this kind, besides {@code Node}. */
    public String label() {
        return label;
    }

    /** Whether keys of this kind carry an {@code @version} and link to a family node. */
    public boolean versioned() {
        return versioned;
    }

    /**
     * Whether recorded content is fixed. For versioned kinds this applies to versions; family nodes stay mutable.
     */
    public boolean immutable() {
        return immutable;
    }

    public static Kind parse(String field, String value) {
        if (value != null) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            for (Kind k : values()) {
                if (k.id.equals(v)) {
                    return k;
                }
            }
        }
        throw new InvalidInput(field, "Unknown kind '" + value + "'; expected one of " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(Kind::id).collect(Collectors.joining(", "));
    }
}
