package io.pedigree.observability;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One metric of one deployment over a window, hour by hour and version by version: at most {@code limit} points,
 * oldest first, {@code truncated} when there were more.
 */
public record Series(String deployment, String metric, Instant from, Instant to, Duration resolution,
                     List<Point> points, boolean truncated) {

    /** One hour's roll-up of the measurements attributed to one version (null: nothing served then). */
    public record Point(Instant bucket, String version, long count, double mean, double min, double max, double sum,
                        String unit) {
    }
}
