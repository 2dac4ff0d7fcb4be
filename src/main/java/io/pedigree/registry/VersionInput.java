package io.pedigree.registry;

import io.pedigree.fields.FieldRef;
import io.pedigree.lineage.NodeKey;

import java.util.List;
import java.util.Map;

/**
 * What a client registers: the run that produced the version and the inputs it used (datasets, prompts,
 * embeddings, commits), the base model version it was tuned from, parameters, artifacts by content hash, and the
 * descriptive fields, and the features (fields of its training data) it consumes.
 */
public record VersionInput(NodeKey run, List<NodeKey> inputs, NodeKey baseModel, Map<String, Object> parameters,
                           List<ArtifactRef> artifacts, ModelCard card, String description, Map<String, String> tags,
                           List<FieldRef> features) {

    public VersionInput {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        parameters = parameters == null ? Map.of() : parameters;
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
        card = card == null ? ModelCard.EMPTY : card;
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        features = features == null ? List.of() : List.copyOf(features);
    }

    /** An artifact of the version: its role (weights, config, ...), file name and SHA-256 of its content. */
    public record ArtifactRef(String role, String name, String sha256, Long size) {
    }
}
