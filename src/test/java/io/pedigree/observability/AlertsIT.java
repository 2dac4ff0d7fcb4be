package io.pedigree.observability;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Audit;
import io.pedigree.testing.MutableClock;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts from production thresholds. fraud-prod serves version 1 of fraud from 01:00 and version 2 from 04:00;
 * the clock then stands at 06:00 and the model's policy asks for p95 latency above 250 ms for 10 minutes to alert.
 */
class AlertsIT extends PedigreeIT {

    private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");
    private static final Map<String, Object> LATENCY = Map.of("metric", "latency_p95", "op", ">", "value", 250,
            "duration", "PT10M", "severity", "critical");

    private final MutableClock clock = new MutableClock(DAY);
    private Api ana;
    private Registry reg;

    @Override
    protected Clock clock() {
        return clock;
    }

    @BeforeEach
    void twoVersionsServedThenThresholds() {
        ana = admin.withNewToken("ana", "writer");
        reg = TwoServedVersions.record(ana, clock, DAY);
        clock.advance(Duration.ofHours(2));
        monitor(false, LATENCY);
    }

    @Test
    void tenMinutesAboveTheThresholdRaiseAnAlertWithItsMeasurementsAndTheRollbackPlan() {
        ok(ana.post("/api/v1/measurements", minutes("latency_p95", 300, 5, 0, 10)));

        JsonNode alerts = ok(ana.get("/api/v1/alerts"));

        assertThat(alerts).hasSize(1);
        JsonNode a = alerts.get(0);
        assertThat(a.get("deployment").asText()).isEqualTo("fraud-prod");
        assertThat(a.get("version").asText()).isEqualTo("model:fraud@2");
        assertThat(a.get("model").asText()).isEqualTo("fraud");
        assertThat(a.get("severity").asText()).isEqualTo("critical");
        assertThat(a.get("status").asText()).isEqualTo("open");
        assertThat(a.get("from").asText()).isEqualTo(at(5, 0));
        assertThat(a.get("to").asText()).isEqualTo(at(5, 10));
        assertThat(a.get("count").asInt()).isEqualTo(10);
        assertThat(a.get("measurements")).hasSize(10);
        assertThat(a.get("raisedAt").asText()).startsWith("2026-11-20T06:00");
        assertThat(a.at("/rollbackPlan/target").asText()).isEqualTo("model:fraud@1");
        assertThat(a.get("autoRollback").isNull()).isTrue();
        assertThat(reg.serving("fraud-prod")).as("rolling back stays a person's decision").isEqualTo("model:fraud@2");
        var raised = Audit.events("alert.raise");
        assertThat(raised).hasSize(1);
        assertThat(raised.get(0).get("actor").asString()).isEqualTo(Alerts.ACTOR);
        assertThat(raised.get(0).get("target").asString()).isEqualTo(a.get("key").asText());
        JsonNode impact = ok(ana.get("/api/v1/impact?key=" + Api.q("model:fraud@2")));
        assertThat(impact.toString()).as("the alert is in the graph").contains(a.get("key").asText());
    }

    @Test
    void nineMinutesAboveTheThresholdRaiseNothingAndTheTenthDoes() {
        ok(ana.post("/api/v1/measurements", minutes("latency_p95", 300, 5, 0, 9)));
        assertThat(ok(ana.get("/api/v1/alerts"))).isEmpty();

        ok(ana.post("/api/v1/measurements", minutes("latency_p95", 300, 5, 9, 1)));
        assertThat(ok(ana.get("/api/v1/alerts"))).hasSize(1);
    }

    @Test
    void aMeasurementBelowTheThresholdStartsTheCountAgain() {
        List<Map<String, Object>> ms = new ArrayList<>(minutes("latency_p95", 300, 5, 0, 6).get("measurements"));
        ms.add(m("latency_p95", 200, at(5, 6), at(5, 7)));
        ms.addAll(minutes("latency_p95", 300, 5, 7, 9).get("measurements"));

        ok(ana.post("/api/v1/measurements", Map.of("measurements", ms)));

        assertThat(ok(ana.get("/api/v1/alerts"))).as("16 minutes, but at most 9 in a row").isEmpty();
    }

    @Test
    void valuesAtOrBelowTheThresholdRaiseNothing() {
        ok(ana.post("/api/v1/measurements", minutes("latency_p95", 250, 5, 0, 30)));

        assertThat(ok(ana.get("/api/v1/alerts"))).isEmpty();
        assertThat(Audit.count("alert.raise")).isZero();
    }

    @Test
    void reSentAndLateMeasurementsDoNotRaiseASecondAlert() {
        var batch = minutes("latency_p95", 300, 5, 0, 10);
        ok(ana.post("/api/v1/measurements", batch));
        ok(ana.post("/api/v1/measurements", batch));
        ok(ana.post("/api/v1/measurements", minutes("latency_p95", 400, 5, 10, 5)));
        ok(ana.post("/api/v1/measurements", minutes("latency_p95", 400, 4, 30, 20)));

        JsonNode alerts = ok(ana.get("/api/v1/alerts"));
        assertThat(alerts).hasSize(1);
        String id = alerts.get(0).get("id").asText();

        ok(ana.post("/api/v1/alerts/" + id + "/resolve", Map.of("resolution", "scaled out")));
        ok(ana.post("/api/v1/measurements", batch));
        assertThat(ok(ana.get("/api/v1/alerts"))).as("measurements already alerted on").hasSize(1);

        clock.advance(Duration.ofMinutes(30));
        ok(ana.post("/api/v1/measurements", minutes("latency_p95", 400, 6, 0, 1)));
        assertThat(ok(ana.get("/api/v1/alerts?status=open"))).as("still crossing after the resolution").hasSize(1);
        assertThat(Audit.count("alert.raise")).isEqualTo(2);
    }

    @Test
    void acknowledgingAndResolvingAreAuditedAndAResolvedAlertStaysResolved() {
        ok(ana.post("/api/v1/measurements", minutes("latency_p95", 300, 5, 0, 10)));
        String id = ok(ana.get("/api/v1/alerts")).get(0).get("id").asText();

        JsonNode acked = ok(ana.post("/api/v1/alerts/" + id + "/acknowledge", Map.of("comment", "looking")));
        assertProblem(ana.post("/api/v1/alerts/" + id + "/acknowledge", Map.of("comment", "again")), 409);
        assertProblem(ana.post("/api/v1/alerts/" + id + "/resolve", Map.of()), 400, "resolution");
        JsonNode resolved = ok(ana.post("/api/v1/alerts/" + id + "/resolve", Map.of("resolution", "cache fixed")));

        assertThat(acked.get("status").asText()).isEqualTo("acknowledged");
        assertThat(acked.get("acknowledgedBy").asText()).isEqualTo("ana");
        assertThat(resolved.get("status").asText()).isEqualTo("resolved");
        assertThat(resolved.get("resolution").asText()).isEqualTo("cache fixed");
        assertThat(Audit.count("alert.acknowledge")).isEqualTo(1);
        assertThat(Audit.count("alert.resolve")).isEqualTo(1);
        assertProblem(ana.post("/api/v1/alerts/" + id + "/resolve", Map.of("resolution", "again")), 409);
        assertThat(ok(ana.get("/api/v1/alerts?status=unresolved"))).isEmpty();
        assertThat(ok(ana.get("/api/v1/alerts/" + id)).get("status").asText()).isEqualTo("resolved");
        assertProblem(ana.get("/api/v1/alerts/alt-0000"), 404);
    }

    @Test
    void aDriftThresholdOnAnyFeatureWatchesEveryDriftMetric() {
        monitor(false, Map.of("metric", "drift.*", "op", ">", "value", 0.3));

        ok(ana.post("/api/v1/measurements", Map.of("measurements", List.of(
                m("drift.amount", 0.1, at(5, 0), null), m("drift.merchant", 0.5, at(5, 0), null)))));

        JsonNode alerts = ok(ana.get("/api/v1/alerts?model=fraud&deployment=fraud-prod"));
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).get("metric").asText()).isEqualTo("drift.merchant");
        assertThat(alerts.get(0).get("severity").asText()).isEqualTo("high");
    }

    @Test
    void measurementsFromOpenTelemetryAreCheckedToo() {
        monitor(false, Map.of("metric", "drift.*", "op", ">=", "value", 0.3));
        String export = """
                {"resourceMetrics": [{"resource": {"attributes": [
                    {"key": "pedigree.deployment", "value": {"stringValue": "fraud-prod"}}]},
                  "scopeMetrics": [{"metrics": [{"name": "drift", "gauge": {"dataPoints": [
                    {"timeUnixNano": "%d", "asDouble": 0.4,
                     "attributes": [{"key": "feature", "value": {"stringValue": "amount"}}]}]}}]}]}]}
                """.formatted(Instant.parse(at(5, 0)).toEpochMilli() * 1_000_000L);

        ok(ana.postRaw("/api/v1/otlp/v1/metrics", "application/json", export));

        assertThat(ok(ana.get("/api/v1/alerts")).findValuesAsText("metric")).containsExactly("drift.amount");
    }

    @Test
    void anAllowedAutomaticRollbackRunsWithTheAlertAsItsReason() {
        monitor(true, LATENCY);

        ok(ana.post("/api/v1/measurements", minutes("latency_p95", 300, 5, 0, 10)));

        JsonNode alert = ok(ana.get("/api/v1/alerts")).get(0);
        assertThat(alert.get("autoRollback").asText()).isEqualTo("done");
        assertThat(reg.serving("fraud-prod")).isEqualTo("model:fraud@1");
        var rollback = Audit.events("deployment.rollback");
        assertThat(rollback).hasSize(1);
        assertThat(rollback.get(0).get("actor").asString()).isEqualTo(Alerts.ACTOR);
        assertThat(rollback.get(0).get("reason").asString()).contains(alert.get("key").asText());
        assertThat(Audit.count("alert.autorollback")).isEqualTo(1);
    }

    @Test
    void anAutomaticRollbackTheGatesRefuseIsRecordedOnTheAlert() {
        monitor(true, LATENCY);
        ok(ana.post("/api/v1/quarantines", Map.of("key", "dataset:tx@1", "reason", "labels leaked")));

        ok(ana.post("/api/v1/measurements", minutes("latency_p95", 300, 5, 0, 10)));

        JsonNode alert = ok(ana.get("/api/v1/alerts")).get(0);
        assertThat(alert.get("autoRollback").asText()).isEqualTo("refused");
        assertThat(alert.get("autoRollbackDetail").asText()).contains("No safe version");
        assertThat(alert.at("/rollbackPlan/safe").asBoolean()).isFalse();
        assertThat(reg.serving("fraud-prod")).isEqualTo("model:fraud@2");
        assertThat(Audit.count("deployment.rollback")).isZero();
        assertThat(Audit.count("alert.autorollback.refused")).isEqualTo(1);
    }

    @Test
    void thresholdsAreCheckedWhereThePolicyIsSetNamingTheField() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("production", Map.of("approvals", 0));
        body.put("reason", "alerts");
        body.put("monitoring", Map.of("thresholds", List.of(Map.of("metric", "latency_p95", "op", ">",
                "value", 250, "duration", "ten minutes"))));
        assertProblem(admin.put("/api/v1/models/fraud/policy", body), 400, "monitoring.thresholds[0].duration");
        body.put("monitoring", Map.of("thresholds", List.of(Map.of("metric", "latency_p95", "op", "!=",
                "value", 250))));
        assertProblem(admin.put("/api/v1/models/fraud/policy", body), 400, "monitoring.thresholds[0].op");
        assertProblem(ana.post("/api/v1/models", Map.of("name", "other", "policy", Map.of("monitoring",
                Map.of("thresholds", List.of(Map.of("metric", "*", "op", ">", "value", 1)))))), 400,
                "policy.monitoring.thresholds[0].metric");
        assertProblem(ana.get("/api/v1/alerts?status=closed"), 400, "status");
    }

    private void monitor(boolean autoRollback, Map<String, Object> threshold) {
        ok(admin.put("/api/v1/models/fraud/policy", Map.of("production", Map.of("approvals", 0),
                "monitoring", Map.of("thresholds", List.of(threshold), "autoRollback", autoRollback),
                "reason", "production thresholds")));
    }

    /** {@code count} one-minute measurements of {@code value} from {@code hour:minute}. */
    private static Map<String, List<Map<String, Object>>> minutes(String metric, double value, int hour, int minute,
                                                                 int count) {
        List<Map<String, Object>> ms = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ms.add(m(metric, value, at(hour, minute + i), at(hour, minute + i + 1)));
        }
        return Map.of("measurements", ms);
    }

    private static String at(int hour, int minute) {
        return DAY.plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute)).toString();
    }

    private static Map<String, Object> m(String metric, double value, String start, String end) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deployment", "fraud-prod");
        m.put("metric", metric);
        m.put("value", value);
        m.put("unit", metric.startsWith("latency") ? "ms" : "1");
        m.put("start", start);
        if (end != null) {
            m.put("end", end);
        }
        return m;
    }
}
