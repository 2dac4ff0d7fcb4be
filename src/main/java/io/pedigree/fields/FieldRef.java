package io.pedigree.fields;

import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeKey;

/**
 * A field of a dataset, named by the dataset's family key and the field's path (nested fields joined with
 * {@code .}). Fields belong to the family, so every version that has a column shares one field.
 */
public record FieldRef(NodeKey dataset, String field) {

    public FieldRef {
        if (dataset == null || dataset.kind() != Kind.DATASET) {
            throw new InvalidInput("dataset", "A field belongs to a dataset: dataset:<name>");
        }
        dataset = dataset.family().orElse(dataset);
        if (field == null || field.isBlank()) {
            throw new InvalidInput("field", "A field name is required");
        }
    }

    /** Parses the two halves as they arrive in a request, naming {@code prefix.dataset} or {@code prefix.field}. */
    public static FieldRef parse(String prefix, String dataset, String field) {
        String p = prefix.isEmpty() ? "" : prefix + ".";
        if (dataset == null || dataset.isBlank()) {
            throw new InvalidInput(p + "dataset", "dataset names the field's dataset: dataset:<name>");
        }
        if (field == null || field.isBlank()) {
            throw new InvalidInput(p + "field", "field names the field (a column; nested fields joined with '.')");
        }
        NodeKey key = NodeKey.parse(p + "dataset", dataset);
        if (key.kind() != Kind.DATASET) {
            throw new InvalidInput(p + "dataset", "A field belongs to a dataset, not a " + key.kind().id());
        }
        return new FieldRef(key, field);
    }

    /** The readable name, {@code dataset:transactions-raw#card_number}. */
    public String key() {
        return dataset + "#" + field;
    }
}
