package io.pedigree.registry;

import java.time.Instant;
import java.util.List;

/**
 * An evaluation of a version: suite, dataset used, metrics with pass or fail where a threshold was given, and
 * {@code artifacts}, the digest of the version's artifacts it measured (null when recorded before digests were
 * kept), so a gate can tell an evaluation of other artifacts from one of these.
 */
public record Evaluation(String key, String suite, String dataset, List<Metric> metrics, Boolean passed,
                         String notes, String reviewer, Instant recordedAt, String recordedBy, String artifacts) {

    /** One measured metric; {@code passed} is null when no threshold was given. */
    public record Metric(String name, double value, boolean higherIsBetter, Double threshold, Boolean passed) {
    }
}
