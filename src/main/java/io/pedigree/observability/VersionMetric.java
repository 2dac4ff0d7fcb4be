package io.pedigree.observability;

/** One metric measured in production while a version served, over every deployment and hour in a window. */
public record VersionMetric(String version, String metric, long count, double mean, double min, double max,
                            String unit) {
}
