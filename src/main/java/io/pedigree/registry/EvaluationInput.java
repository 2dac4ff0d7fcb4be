package io.pedigree.registry;

import io.pedigree.lineage.NodeKey;

import java.util.List;

/** An evaluation to record against a version: suite, dataset version used, metrics, notes and reviewer. */
public record EvaluationInput(String suite, NodeKey dataset, List<MetricInput> metrics, String notes,
                              String reviewer) {

    public EvaluationInput {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }

    /** A measured metric; {@code higherIsBetter} defaults to true; a threshold makes it pass or fail. */
    public record MetricInput(String name, Double value, Boolean higherIsBetter, Double threshold) {
    }
}
