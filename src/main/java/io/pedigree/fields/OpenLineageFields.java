package io.pedigree.fields;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads field-level lineage out of OpenLineage dataset facets, without touching the graph: the {@code schema}
 * facet gives a dataset version's fields, {@code columnLineage} (1-2-0) how each output field derives from input
 * fields and, in its {@code dataset} list, what the whole dataset depends on. The OpenLineage mapping records
 * the result with {@link FieldWriter#record}.
 */
public final class OpenLineageFields {

    /** A custom input facet naming the fields a training run consumed: {@code {"fields": ["amount", ...]}}. */
    public static final String FEATURES_FACET = "pedigree_features";

    private static final int MAX_DEPTH = 20;

    private OpenLineageFields() {
    }

    /**
     * The fields and derivations an output (or input) dataset's facets carry. {@code version} is the dataset
     * version the mention was resolved to; {@code at} names the JSON position for errors, like
     * {@code $.outputs[0]}.
     */
    public static FieldBatch fromDataset(NodeKey version, JsonNode facets, String at) {
        NodeKey family = version.family().orElse(version);
        List<FieldBatch.DatasetFields> datasets = new ArrayList<>();
        JsonNode schema = facets.path("schema").path("fields");
        if (schema.isArray() && !schema.isEmpty() && version.isVersion()) {
            datasets.add(new FieldBatch.DatasetFields(version, specs(schema, 0)));
        }
        List<FieldBatch.Derivation> derivations = new ArrayList<>();
        List<FieldBatch.DatasetDependency> dependencies = new ArrayList<>();
        JsonNode lineage = facets.path("columnLineage");
        if (lineage.isObject() && !lineage.path("_deleted").asBoolean(false)) {
            String base = at + ".facets.columnLineage";
            for (Map.Entry<String, JsonNode> out : lineage.path("fields").properties()) {
                Transformation legacy = legacy(out.getValue());
                List<FieldInput> inputs = inputs(out.getValue().path("inputFields"), family, legacy,
                        base + ".fields." + out.getKey());
                derivations.add(new FieldBatch.Derivation(new FieldRef(family, out.getKey()), inputs));
            }
            JsonNode wide = lineage.path("dataset");
            if (wide.isArray() && !wide.isEmpty()) {
                dependencies.add(new FieldBatch.DatasetDependency(family, inputs(wide, family,
                        new Transformation(TransformationType.INDIRECT, null, null, false), base + ".dataset")));
            }
        }
        return new FieldBatch(datasets, derivations, dependencies, List.of());
    }

    /**
     * The features a training run's input names, through the {@value #FEATURES_FACET} facet (in
     * {@code inputFacets} or {@code facets}); empty when it names none. {@code dataset} is the input's family or
     * version key.
     */
    public static List<FieldRef> features(NodeKey dataset, JsonNode input) {
        JsonNode facet = input.path("inputFacets").path(FEATURES_FACET);
        if (facet.isMissingNode()) {
            facet = input.path("facets").path(FEATURES_FACET);
        }
        List<FieldRef> out = new ArrayList<>();
        for (JsonNode f : facet.path("fields")) {
            String name = f.isTextual() ? f.asText() : f.path("name").asText("");
            if (!name.isBlank()) {
                out.add(new FieldRef(dataset, name));
            }
        }
        return out;
    }

    private static List<FieldSpec> specs(JsonNode fields, int depth) {
        List<FieldSpec> out = new ArrayList<>();
        for (JsonNode f : fields) {
            String name = f.path("name").asText("");
            if (name.isBlank()) {
                continue;
            }
            JsonNode nested = f.path("fields");
            out.add(new FieldSpec(name, text(f.path("type")), text(f.path("description")),
                    nested.isArray() && depth < MAX_DEPTH ? specs(nested, depth + 1) : List.of()));
        }
        return out;
    }

    private static List<FieldInput> inputs(JsonNode inputFields, NodeKey output, Transformation fallback,
                                           String at) {
        List<FieldInput> out = new ArrayList<>();
        int i = 0;
        for (JsonNode in : inputFields) {
            String field = in.path("field").asText("");
            String name = in.path("name").asText("");
            if (field.isBlank() || name.isBlank()) {
                i++;
                continue;
            }
            // Namespace is required by the spec; a producer that leaves it out means the output's own.
            String namespace = in.hasNonNull("namespace") ? in.get("namespace").asText() : output.namespace();
            NodeKey dataset;
            try {
                dataset = new NodeKey(Kind.DATASET, namespace, name, null);
            } catch (InvalidInput e) {
                throw new InvalidInput(at + ".inputFields[" + i + "]", e.detail());
            }
            FieldRef ref = new FieldRef(dataset, field);
            JsonNode ts = in.path("transformations");
            if (ts.isArray() && !ts.isEmpty()) {
                for (JsonNode t : ts) {
                    out.add(new FieldInput(ref, transformation(t)));
                }
            } else {
                out.add(new FieldInput(ref, fallback));
            }
            i++;
        }
        return out;
    }

    private static Transformation transformation(JsonNode t) {
        String type = t.path("type").asText("").toUpperCase(Locale.ROOT);
        TransformationType parsed = switch (type) {
            case "DIRECT" -> TransformationType.DIRECT;
            case "INDIRECT" -> TransformationType.INDIRECT;
            default -> TransformationType.UNSPECIFIED;
        };
        return new Transformation(parsed, text(t.path("subtype")), text(t.path("description")),
                t.path("masking").asBoolean(false));
    }

    /** columnLineage 1-0-x named one transformation per output field; IDENTITY is a direct copy. */
    private static Transformation legacy(JsonNode out) {
        String type = text(out.path("transformationType"));
        String description = text(out.path("transformationDescription"));
        if (type == null) {
            return description == null ? Transformation.UNSPECIFIED
                    : new Transformation(TransformationType.UNSPECIFIED, null, description, false);
        }
        if (type.equalsIgnoreCase("IDENTITY")) {
            return new Transformation(TransformationType.DIRECT, "IDENTITY", description, false);
        }
        return new Transformation(TransformationType.UNSPECIFIED, type, description, false);
    }

    private static String text(JsonNode v) {
        return v.isValueNode() && !v.isNull() && !v.asText().isBlank() ? v.asText() : null;
    }
}
