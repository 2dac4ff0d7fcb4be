package io.pedigree.observability;

import java.time.Instant;

/** A metric recorded for a deployment: its unit and the first and last hour that has a value. */
public record MetricInfo(String metric, String unit, Instant firstHour, Instant lastHour) {
}
