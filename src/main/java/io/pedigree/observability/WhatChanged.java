package io.pedigree.observability;

import io.pedigree.registry.Comparison;

import java.time.Instant;
import java.util.List;

/**
 * What changed before an incident: the comparison of the version serving at its start with the one that served
 * before (null when either is missing or they are versions of different models), and the assets upstream of the
 * serving version that were quarantined, or got a newer version, between {@code windowStart} and the start.
 */
public record WhatChanged(String incident, String version, String previousVersion, Comparison comparison,
                          Instant windowStart, Instant windowEnd, List<QuarantinedUpstream> quarantined,
                          List<NewerVersion> reversioned) {

    /** A quarantine placed in the window on an asset upstream of the serving version. */
    public record QuarantinedUpstream(String quarantine, String asset, String reason, Instant at, boolean active) {
    }

    /** An upstream asset the serving version used, and a newer version of it recorded in the window. */
    public record NewerVersion(String used, String newer, Instant at) {
    }
}
