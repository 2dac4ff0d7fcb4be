package io.pedigree.web;

import io.pedigree.observability.Incidents;
import io.pedigree.observability.Measurements;
import io.pedigree.observability.VersionMetric;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The model page's comparison of versions in production: per version, the mean of each metric measured while it
 * served (any deployment, last 30 days) and the incidents attributed to it.
 */
final class VersionProduction {

    static final Duration WINDOW = Duration.ofDays(30);
    static final int VERSIONS = 20;
    static final int METRICS = 8;

    /** One version's row: metric means by metric name (absent: not measured) and its incident count. */
    record Row(String version, Map<String, VersionMetric> metrics, int incidents) {
    }

    /** The table: its metric columns and one row per version that has production data. */
    record Table(List<String> metrics, List<Row> rows, Instant from, Instant to) {
    }

    private final Measurements measurements;
    private final Incidents incidents;
    private final Clock clock;

    VersionProduction(Measurements measurements, Incidents incidents, Clock clock) {
        this.measurements = measurements;
        this.incidents = incidents;
        this.clock = clock;
    }

    /** {@code versions}: keys newest first; only the newest {@link #VERSIONS} are compared. */
    Table of(List<String> versions) {
        List<String> shown = versions.subList(0, Math.min(VERSIONS, versions.size()));
        Instant to = clock.instant();
        Instant from = to.minus(WINDOW);
        if (shown.isEmpty()) {
            return new Table(List.of(), List.of(), from, to);
        }
        Map<String, Map<String, VersionMetric>> byVersion = new LinkedHashMap<>();
        TreeSet<String> metrics = new TreeSet<>();
        for (VersionMetric m : measurements.byVersion(shown, from, to)) {
            byVersion.computeIfAbsent(m.version(), v -> new LinkedHashMap<>()).put(m.metric(), m);
            metrics.add(m.metric());
        }
        List<Row> rows = new ArrayList<>();
        for (String v : shown) {
            int count = incidents.list(null, null, null, v, 1000).size();
            if (byVersion.containsKey(v) || count > 0) {
                rows.add(new Row(v, byVersion.getOrDefault(v, Map.of()), count));
            }
        }
        return new Table(metrics.stream().limit(METRICS).toList(), rows, from, to);
    }
}
