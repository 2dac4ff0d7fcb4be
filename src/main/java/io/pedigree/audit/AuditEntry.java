package io.pedigree.audit;

import java.util.List;
import java.util.Map;

/**
 * What a mutation tells the audit log: the action (like {@code model.transition}), the key it acted on, every
 * other key it touched, digests of the state before and after (null when there was none), the reason given, and
 * a few details worth reading without the graph (like the stages of a transition).
 */
public record AuditEntry(String action, String target, List<String> targets, String before, String after,
                         String reason, Map<String, Object> details) {

    public AuditEntry {
        targets = targets == null ? List.of() : List.copyOf(targets);
        // A detail without a value (an alias that pointed nowhere before) is left out, not a failed write.
        Map<String, Object> present = new java.util.TreeMap<>();
        if (details != null) {
            details.forEach((k, v) -> {
                if (v != null) {
                    present.put(k, v);
                }
            });
        }
        details = Map.copyOf(present);
    }

    public static AuditEntry of(String action, String target, Object before, Object after, String reason) {
        return new AuditEntry(action, target, List.of(), Digest.of(before), Digest.of(after), reason, Map.of());
    }

    public AuditEntry withDetails(Map<String, Object> more) {
        return new AuditEntry(action, target, targets, before, after, reason, more);
    }

    public AuditEntry withTargets(List<String> more) {
        return new AuditEntry(action, target, more, before, after, reason, details);
    }
}
