package io.pedigree.registry;

import io.pedigree.error.PedigreeException.InvalidInput;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a model's policy asks of its versions once they serve: production thresholds that raise an alert on the
 * deployment when measurements cross them for a while, and whether such an alert may roll the deployment back
 * without a person deciding.
 */
public record Monitoring(List<Threshold> thresholds, Boolean autoRollback) {

    /** No thresholds, no automatic rollback: what a policy that does not mention monitoring means. */
    public static final Monitoring NONE = new Monitoring(List.of(), false);

    static final int MAX_THRESHOLDS = 50;

    public Monitoring {
        thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
        // Safe unless said otherwise: rolling production back is a person's decision by default.
        autoRollback = autoRollback != null && autoRollback;
    }

    void validate(String field) {
        if (thresholds.size() > MAX_THRESHOLDS) {
            throw new InvalidInput(field + ".thresholds", "At most " + MAX_THRESHOLDS + " thresholds");
        }
        for (int i = 0; i < thresholds.size(); i++) {
            if (thresholds.get(i) == null) {
                throw new InvalidInput(field + ".thresholds[" + i + "]", "A threshold is an object");
            }
            thresholds.get(i).validate(field + ".thresholds[" + i + "]");
        }
    }

    /**
     * A production threshold like {@code latency_p95 > 250 for PT10M}. {@code metric} is a measured metric's name,
     * or a prefix ending in {@code *} (like {@code drift.*}) for any metric starting with it, such as a drift score
     * per feature. {@code duration} is ISO-8601 (PT0S: the first crossing measurement raises the alert).
     */
    public record Threshold(String metric, String op, Double value, String duration, String severity) {

        static final Duration MAX_DURATION = Duration.ofDays(7);
        static final Set<String> SEVERITIES = Set.of("critical", "high", "medium", "low");
        private static final Pattern METRIC = Pattern.compile("[A-Za-z][A-Za-z0-9_.:/\\-]{0,127}\\*?");

        public Threshold {
            severity = severity == null ? "high" : severity;
            duration = duration == null ? "PT0S" : duration;
        }

        void validate(String field) {
            if (metric == null || !METRIC.matcher(metric).matches()) {
                throw new InvalidInput(field + ".metric", "metric is a measured metric's name like latency_p95,"
                        + " or a prefix ending in * like drift.* for any metric that starts with it");
            }
            if (!List.of(">=", ">", "<=", "<").contains(op)) {
                throw new InvalidInput(field + ".op", "op is one of >, >=, <, <=");
            }
            if (value == null || value.isNaN() || value.isInfinite()) {
                throw new InvalidInput(field + ".value", "value is a finite number");
            }
            Duration d;
            try {
                d = Duration.parse(duration);
            } catch (DateTimeParseException e) {
                throw new InvalidInput(field + ".duration", "duration is ISO-8601, like PT10M for 10 minutes");
            }
            if (d.isNegative() || d.compareTo(MAX_DURATION) > 0) {
                throw new InvalidInput(field + ".duration", "duration is between PT0S and " + MAX_DURATION);
            }
            if (!SEVERITIES.contains(severity)) {
                throw new InvalidInput(field + ".severity", "severity is critical, high, medium or low");
            }
        }

        /** How long measurements must keep crossing before an alert is raised. */
        public Duration window() {
            return Duration.parse(duration);
        }

        /** Whether a measured metric is one this threshold watches. */
        public boolean watches(String measured) {
            return metric.endsWith("*") ? measured.startsWith(metric.substring(0, metric.length() - 1))
                    : metric.equals(measured);
        }

        /** Whether {@code actual} is on the alerting side of the threshold. */
        public boolean crossedBy(double actual) {
            return switch (op) {
                case ">=" -> actual >= value;
                case ">" -> actual > value;
                case "<=" -> actual <= value;
                default -> actual < value;
            };
        }

        /** The rule's identity on a deployment: one open alert per deployment and rule. */
        public String rule() {
            return metric + " " + op + " " + value + " for " + window();
        }
    }
}
