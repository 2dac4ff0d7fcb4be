package io.pedigree.observability;

/**
 * What a batch of measurements did: how many were received, attributed to a version, unattributed (nothing
 * served then), too old to keep, or rejected (only from telemetry pipelines, with the first reason), and how many
 * hourly buckets they landed in.
 */
public record IngestSummary(int received, int attributed, int unattributed, int expired, int rejected, int buckets,
                            String firstError) {
}
