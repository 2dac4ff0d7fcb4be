package io.pedigree.fields;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The answers of field queries: fields reached, the derivations between them, and what consumes them. */
public final class FieldGraph {

    private FieldGraph() {
    }

    /** A field reached, {@code depth} derivations away from the root. */
    public record FieldNode(String key, String dataset, String field, int depth) {
    }

    /**
     * A derivation: {@code from} is computed from {@code to}. A dataset-wide dependency has no {@code fromField}:
     * every field of {@code fromDataset} depends on {@code to}.
     */
    public record FieldEdge(String from, String fromDataset, String fromField, String to, String type,
                            String subtype, String description, boolean masking, Instant validFrom,
                            Instant validTo) {
    }

    /** Where a field comes from, as of an instant. */
    public record Upstream(FieldNode root, Instant asOf, String view, List<FieldNode> fields, List<FieldEdge> edges,
                           boolean truncated) {
    }

    /** A model version consuming the field or a field derived from it, and through which of its features. */
    public record AffectedModel(String version, List<String> via) {
    }

    /** A deployment serving an affected version at the instant, production first, with its owners. */
    public record AffectedDeployment(String deployment, String environment, List<String> serves,
                                     List<String> owners) {
    }

    /** What depends on a field: deployments first, then model versions, then the derived fields. */
    public record Impact(FieldNode root, Instant asOf, String view, List<AffectedDeployment> deployments,
                         List<AffectedModel> models, List<FieldNode> fields, List<FieldEdge> edges,
                         boolean truncated) {
    }

    /** A field of a dataset version as its schema declares it. */
    public record DatasetField(String key, String field, String type, String description, Integer position,
                               String parent) {
    }

    /** The fields of a dataset version (or of every version of a family). */
    public record DatasetFields(String dataset, Instant asOf, List<DatasetField> fields, boolean truncated) {
    }

    /** How many fields a dataset family has as of an instant, and the first of them by name. */
    public record DatasetSchema(String dataset, int total, List<String> fields) {
    }

    /**
     * A derivation between two datasets of a drawing: {@code field} of {@code dataset} is computed from
     * {@code inputField} of {@code inputDataset}; {@code field} is empty for a dataset-wide dependency.
     */
    public record Derivation(String dataset, String field, String inputDataset, String inputField, String type) {
    }

    /** A model version consuming a field as a feature. */
    public record Consumption(String version, String dataset, String field) {
    }

    /**
     * The fields of the datasets a lineage drawing holds, as of an instant: each box's fields (a version's in
     * schema order, a family's by name; keyed by the box's node key), the derivations among their families, and
     * the drawn model versions' features among them. {@code truncated}: the derivations were cut at the cap.
     */
    public record Scope(Map<String, DatasetSchema> boxes, List<Derivation> derivations, List<Consumption> consumes,
                        boolean truncated) {
    }
}
