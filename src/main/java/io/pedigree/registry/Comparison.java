package io.pedigree.registry;

import java.util.List;
import java.util.Map;

/**
 * Two versions of one model side by side: inputs added, removed or changed (a dataset v3 becoming v4), run,
 * base model, parameter, metric and model card differences.
 */
public record Comparison(String model, int a, int b, InputDiff inputs, Change run, Change baseModel,
                         List<Change> parameters, List<MetricDelta> metrics, List<Change> card) {

    /** Inputs by family: same family in another version is a change, not a removal and an addition. */
    public record InputDiff(List<String> added, List<String> removed, List<Change> changed, List<String> unchanged) {
    }

    /** One field that differs; null on a side means absent there. */
    public record Change(String name, Object a, Object b) {
    }

    /** A metric of one suite in both versions; {@code better} says whether b improves on a. */
    public record MetricDelta(String suite, String metric, Double a, Double b, Double delta, Boolean better,
                              Map<String, String> datasets) {
    }
}
