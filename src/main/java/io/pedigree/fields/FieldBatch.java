package io.pedigree.fields;

import io.pedigree.lineage.NodeKey;

import java.util.List;

/**
 * Field-level lineage to record at once: the fields of dataset versions, how output fields derive from input
 * fields, what a whole dataset depends on (joins, filters), and the features model versions consume.
 *
 * <p>Derivations and dependencies replace: the inputs given for an output field (or a dataset) become its current
 * ones; earlier inputs not given again end, and stay visible with an earlier {@code asOf}.
 */
public record FieldBatch(List<DatasetFields> datasets, List<Derivation> derivations,
                         List<DatasetDependency> dependencies, List<Features> features) {

    public FieldBatch {
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
        derivations = derivations == null ? List.of() : List.copyOf(derivations);
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
        features = features == null ? List.of() : List.copyOf(features);
    }

    /** Several batches as one, to record many datasets' fields with one set of statements. */
    public static FieldBatch concat(List<FieldBatch> batches) {
        List<DatasetFields> d = new java.util.ArrayList<>();
        List<Derivation> r = new java.util.ArrayList<>();
        List<DatasetDependency> w = new java.util.ArrayList<>();
        List<Features> f = new java.util.ArrayList<>();
        for (FieldBatch b : batches) {
            d.addAll(b.datasets);
            r.addAll(b.derivations);
            w.addAll(b.dependencies);
            f.addAll(b.features);
        }
        return new FieldBatch(d, r, w, f);
    }

    public boolean isEmpty() {
        return datasets.isEmpty() && derivations.isEmpty() && dependencies.isEmpty() && features.isEmpty();
    }

    /** The fields of one dataset version, in order. */
    public record DatasetFields(NodeKey version, List<FieldSpec> fields) {
        public DatasetFields {
            fields = List.copyOf(fields);
        }
    }

    /** An output field and every input it is computed from now. */
    public record Derivation(FieldRef output, List<FieldInput> inputs) {
        public Derivation {
            inputs = List.copyOf(inputs);
        }
    }

    /** Inputs that affect every field of a dataset (OpenLineage's dataset-wide INDIRECT dependencies). */
    public record DatasetDependency(NodeKey dataset, List<FieldInput> inputs) {
        public DatasetDependency {
            dataset = dataset.family().orElse(dataset);
            inputs = List.copyOf(inputs);
        }
    }

    /** The fields of its training data a model version consumes. */
    public record Features(NodeKey version, List<FieldRef> fields) {
        public Features {
            fields = List.copyOf(fields);
        }
    }
}
