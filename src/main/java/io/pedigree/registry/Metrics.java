package io.pedigree.registry;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest value of each metric of a version, per suite: what comparisons and regression checks read. A later
 * evaluation of the same suite replaces an earlier value.
 */
public record Metrics(Map<String, Evaluation.Metric> latest, Map<String, String> datasets) {

    public static Metrics of(List<Evaluation> evaluations) {
        Map<String, Evaluation.Metric> latest = new TreeMap<>();
        Map<String, String> datasets = new TreeMap<>();
        for (Evaluation e : evaluations) {
            for (Evaluation.Metric m : e.metrics()) {
                String id = e.suite() + "/" + m.name();
                latest.put(id, m);
                if (e.dataset() != null) {
                    datasets.put(id, e.dataset());
                } else {
                    datasets.remove(id);
                }
            }
        }
        return new Metrics(latest, datasets);
    }

    /** How much worse {@code mine} is than {@code theirs} in the metric's direction; negative means better. */
    public static double regression(Evaluation.Metric mine, Evaluation.Metric theirs) {
        return mine.higherIsBetter() ? theirs.value() - mine.value() : mine.value() - theirs.value();
    }
}
