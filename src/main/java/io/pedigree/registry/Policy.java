package io.pedigree.registry;

import io.pedigree.error.PedigreeException.InvalidInput;

import java.util.List;

/**
 * What entering staging and production requires of a version of one model. The default asks nothing of staging
 * but a clean lineage, and for production one approval and the essential model card fields.
 */
public record Policy(StageRules staging, StageRules production, List<String> governedAliases,
                     Monitoring monitoring) {

    public static final Policy DEFAULT = new Policy(
            new StageRules(0, List.of(), List.of(), null, true),
            new StageRules(1, List.of(), List.of("intendedUse", "limitations", "license", "riskLevel"), null, true),
            List.of(), Monitoring.NONE);

    public Policy {
        if (staging == null) {
            staging = DEFAULT.staging();
        }
        if (production == null) {
            production = DEFAULT.production();
        }
        governedAliases = governedAliases == null ? List.of() : List.copyOf(governedAliases);
        monitoring = monitoring == null ? Monitoring.NONE : monitoring;
    }

    public Policy(StageRules staging, StageRules production, List<String> governedAliases) {
        this(staging, production, governedAliases, Monitoring.NONE);
    }

    public Policy(StageRules staging, StageRules production) {
        this(staging, production, List.of());
    }

    /**
     * Whether pointing {@code alias} at a version must pass the production gates: an alias such as {@code champion}
     * is how MLflow-style deployments choose what serves, so moving it is a promotion in all but name.
     */
    public boolean governs(String alias) {
        return governedAliases.contains(alias);
    }

    /** The rules for entering {@code stage}; stages without gates have none. */
    public StageRules rulesFor(Stage stage) {
        return switch (stage) {
            case STAGING -> staging;
            case PRODUCTION -> production;
            default -> new StageRules(0, List.of(), List.of(), null, false);
        };
    }

    /** Checks the whole policy, naming the offending field as in a body that holds the policy at its top. */
    public Policy validated() {
        return validated("");
    }

    /** Checks the whole policy, naming the offending field below {@code prefix} (like {@code policy.}). */
    public Policy validated(String prefix) {
        staging.validate(prefix + "staging");
        production.validate(prefix + "production");
        monitoring.validate(prefix + "monitoring");
        return this;
    }

    /**
     * Rules for one stage: approvals by approvers other than the registrant, metric thresholds, model card fields,
     * the largest tolerated regression of any shared metric against the version in production (null: not checked),
     * and whether a quarantined asset upstream blocks the version.
     */
    public record StageRules(Integer approvals, List<MetricRule> metrics, List<String> cardFields,
                             Double maxRegression, Boolean blockQuarantined) {
        public StageRules {
            approvals = approvals == null ? 0 : approvals;
            // Safe unless said otherwise: a policy that does not mention quarantine still respects it.
            blockQuarantined = blockQuarantined == null || blockQuarantined;
            metrics = metrics == null ? List.of() : List.copyOf(metrics);
            cardFields = cardFields == null ? List.of() : List.copyOf(cardFields);
        }

        void validate(String field) {
            if (approvals < 0 || approvals > 10) {
                throw new InvalidInput(field + ".approvals", "approvals is between 0 and 10");
            }
            for (int i = 0; i < metrics.size(); i++) {
                metrics.get(i).validate(field + ".metrics[" + i + "]");
            }
            for (int i = 0; i < cardFields.size(); i++) {
                if (!ModelCard.KNOWN.contains(cardFields.get(i))) {
                    throw new InvalidInput(field + ".cardFields[" + i + "]", "Unknown model card field '"
                            + cardFields.get(i) + "'; expected one of " + String.join(", ", ModelCard.KNOWN));
                }
            }
            if (maxRegression != null && (maxRegression < 0 || maxRegression.isNaN())) {
                throw new InvalidInput(field + ".maxRegression", "maxRegression is a non-negative number");
            }
        }
    }

    /** A threshold like {@code auc >= 0.90}, optionally only on evaluations of one suite or dataset. */
    public record MetricRule(String metric, String op, Double value, String suite, String dataset) {

        void validate(String field) {
            if (metric == null || metric.isBlank()) {
                throw new InvalidInput(field + ".metric", "metric names the metric to check");
            }
            if (!List.of(">=", ">", "<=", "<").contains(op)) {
                throw new InvalidInput(field + ".op", "op is one of >=, >, <=, <");
            }
            if (value == null || Double.isNaN(value) || Double.isInfinite(value)) {
                throw new InvalidInput(field + ".value", "value is a finite number");
            }
        }

        public boolean holds(double actual) {
            return switch (op) {
                case ">=" -> actual >= value;
                case ">" -> actual > value;
                case "<=" -> actual <= value;
                default -> actual < value;
            };
        }

        @Override
        public String toString() {
            return metric + " " + op + " " + value + (suite == null ? "" : " on suite " + suite)
                    + (dataset == null ? "" : " on " + dataset);
        }
    }
}
