package io.pedigree.observability;

import io.pedigree.error.PedigreeException.InvalidInput;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * One production measurement of a deployment, as received: a metric's value over {@code [start, end)}. It is
 * attributed to the version serving at {@code start} and added to that hour's roll-up.
 */
public record Measurement(String deployment, String metric, double value, String unit, Instant start, Instant end) {

    private static final Pattern METRIC = Pattern.compile("[A-Za-z][A-Za-z0-9_.:/\\-]{0,127}");
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9%/_.{}\\-]{1,32}");

    /** Checks the parts every source must supply; {@code prefix} (like {@code measurements[3].}) names it. */
    public static Measurement of(String prefix, String deployment, String metric, Double value, String unit,
                                 Instant start, Instant end) {
        if (deployment == null || deployment.isBlank()) {
            throw new InvalidInput(prefix + "deployment", "deployment names the deployment measured");
        }
        if (metric == null || !METRIC.matcher(metric).matches()) {
            throw new InvalidInput(prefix + "metric", "A metric name is 1 to 128 letters, digits, '_', '.', ':',"
                    + " '/' or '-', starting with a letter, like latency_p95 or drift.amount");
        }
        if (value == null || value.isNaN() || value.isInfinite()) {
            throw new InvalidInput(prefix + "value", "value is a finite number");
        }
        if (unit != null && !UNIT.matcher(unit).matches()) {
            throw new InvalidInput(prefix + "unit", "A unit is 1 to 32 characters like ms, 1, %, USD or {request}");
        }
        if (start == null) {
            throw new InvalidInput(prefix + "start", "start is the instant the measurement begins");
        }
        if (end != null && end.isBefore(start)) {
            throw new InvalidInput(prefix + "end", "end is not before start");
        }
        return new Measurement(deployment, metric, value, unit, start, end == null ? start : end);
    }
}
