package io.pedigree.observability;

import java.time.Instant;
import java.util.List;

/**
 * An alert on a deployment: a production threshold of its model's policy ({@code rule}) was crossed by
 * {@code metric} from {@code from} to {@code to}, attributed to the version serving at {@code from}. It carries the
 * measurements behind it, the deployment's rollback plan when it was raised, and what an automatic rollback did
 * ({@code autoRollback}: null when the policy does not allow one, else {@code done} or {@code refused}).
 */
public record Alert(String id, String key, String deployment, String version, String model, String rule,
                    String metric, String severity, String status, Instant raisedAt, Instant from, Instant to,
                    long count, double min, double max, double mean, List<Observation> measurements,
                    Plan rollbackPlan, String autoRollback, String autoRollbackDetail, Instant acknowledgedAt,
                    String acknowledgedBy, Instant resolvedAt, String resolvedBy, String resolution) {

    public Alert {
        measurements = measurements == null ? List.of() : List.copyOf(measurements);
    }

    /** One crossing measurement behind the alert, as received. */
    public record Observation(Instant start, Instant end, double value, String unit) {
    }

    /** The rollback plan when the alert was raised: where the deployment would go back to, if anywhere, and why. */
    public record Plan(String current, String target, boolean safe, String explanation) {
    }
}
