package io.pedigree.observability;

import io.pedigree.governance.RollbackPlan;
import io.pedigree.registry.Monitoring;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.pedigree.observability.Triage.put;
import static io.pedigree.observability.Triage.s;
import static io.pedigree.observability.Triage.t;

/** An alert as the properties of its graph node, and back. */
final class AlertProps {

    private AlertProps() {
    }

    static Map<String, Object> raised(String deployment, String version, Monitoring.Threshold t, String metric,
                                      Instant now, AlertWatch run, List<Alerts.Observed> crossing, RollbackPlan plan,
                                      boolean autoRollback) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("deployment", deployment);
        put(p, "version", version);
        put(p, "model", version == null ? null : modelOf(version));
        p.put("rule", t.rule());
        p.put("metric", metric);
        p.put("severity", t.severity());
        p.put("status", "open");
        p.put("raisedAt", now.toString());
        p.put("from", Instant.ofEpochMilli(run.runFrom).toString());
        p.put("to", Instant.ofEpochMilli(run.runTo).toString());
        p.put("count", run.count);
        p.put("min", run.min);
        p.put("max", run.max);
        p.put("mean", run.mean());
        p.put("measurements", crossing.stream().map(o -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start", o.measurement().start().toString());
            m.put("end", o.measurement().end().toString());
            m.put("value", o.measurement().value());
            put(m, "unit", o.measurement().unit());
            return m;
        }).toList());
        Map<String, Object> rollback = new LinkedHashMap<>();
        put(rollback, "current", plan.current());
        put(rollback, "target", plan.target());
        rollback.put("safe", plan.safe());
        rollback.put("explanation", plan.explanation());
        p.put("rollbackPlan", rollback);
        if (autoRollback) {
            p.put("autoRollback", "pending");
        }
        return p;
    }

    @SuppressWarnings("unchecked")
    static Alert alert(String key, Map<String, Object> p) {
        List<Alert.Observation> measurements = ((List<Map<String, Object>>) p.getOrDefault("measurements",
                List.of())).stream().map(m -> new Alert.Observation(t(m, "start"), t(m, "end"),
                ((Number) m.get("value")).doubleValue(), s(m, "unit"))).toList();
        Map<String, Object> plan = (Map<String, Object>) p.get("rollbackPlan");
        return new Alert(key.substring(key.indexOf(':') + 1), key, s(p, "deployment"), s(p, "version"), s(p, "model"),
                s(p, "rule"), s(p, "metric"), s(p, "severity"), s(p, "status"), t(p, "raisedAt"), t(p, "from"),
                t(p, "to"), n(p, "count").longValue(), n(p, "min").doubleValue(), n(p, "max").doubleValue(),
                n(p, "mean").doubleValue(), measurements, plan == null ? null : new Alert.Plan(s(plan, "current"),
                        s(plan, "target"), Boolean.TRUE.equals(plan.get("safe")), s(plan, "explanation")),
                s(p, "autoRollback"), s(p, "autoRollbackDetail"), t(p, "acknowledgedAt"), s(p, "acknowledgedBy"),
                t(p, "resolvedAt"), s(p, "resolvedBy"), s(p, "resolution"));
    }

    /** The model of a version key like {@code model:fraud@2}. */
    private static String modelOf(String version) {
        return io.pedigree.lineage.NodeKey.parse("version", version).name();
    }

    private static Number n(Map<String, Object> p, String name) {
        Object v = p.get(name);
        return v instanceof Number number ? number : 0;
    }

}
