package io.pedigree.observability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Folds measurements into hourly buckets per deployment, version and metric before anything is written, so a
 * batch of minute-by-minute values becomes one row per hour and one statement writes them all.
 */
final class Rollup {

    /** The width of a bucket: the resolution kept and charted. */
    static final Duration RESOLUTION = Duration.ofHours(1);

    /** Unattributed measurements (nothing served then) are kept under this version, never null in a key. */
    static final String NO_VERSION = "";

    private record Key(String deployment, String version, String metric, long bucket) {
    }

    private static final class Sums {
        long count;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        String unit;
    }

    private final Map<Key, Sums> buckets = new LinkedHashMap<>();

    /** The start of the bucket holding {@code at}, in epoch milliseconds. */
    static long bucketOf(Instant at) {
        long width = RESOLUTION.toMillis();
        return Math.floorDiv(at.toEpochMilli(), width) * width;
    }

    /** Adds one measurement, attributed to {@code version} (null when nothing served). */
    void add(String deploymentKey, String version, Measurement m) {
        Key key = new Key(deploymentKey, Objects.requireNonNullElse(version, NO_VERSION), m.metric(),
                bucketOf(m.start()));
        Sums s = buckets.computeIfAbsent(key, k -> new Sums());
        s.count++;
        s.sum += m.value();
        s.min = Math.min(s.min, m.value());
        s.max = Math.max(s.max, m.value());
        if (m.unit() != null) {
            s.unit = m.unit();
        }
    }

    int size() {
        return buckets.size();
    }

    /** One parameter row per bucket, for the statement that merges them into what is stored. */
    List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = new ArrayList<>(buckets.size());
        buckets.forEach((k, s) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("deployment", k.deployment());
            row.put("version", k.version());
            row.put("metric", k.metric());
            row.put("bucket", k.bucket());
            row.put("count", s.count);
            row.put("sum", s.sum);
            row.put("min", s.min);
            row.put("max", s.max);
            row.put("unit", s.unit);
            rows.add(row);
        });
        return rows;
    }
}
