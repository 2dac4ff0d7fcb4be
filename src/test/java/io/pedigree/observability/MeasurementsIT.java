package io.pedigree.observability;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.MutableClock;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measurements in through the batch API and out as hourly series. fraud-prod serves version 1 from 01:00 and
 * version 2 from 04:00; the clock then stands at 06:00.
 */
class MeasurementsIT extends PedigreeIT {

    private static final Instant DAY = Instant.parse("2026-11-01T00:00:00Z");
    private static final String SERIES = "/api/v1/deployments/fraud-prod/measurements?metric=latency_p95&from="
            + DAY + "&to=" + DAY.plus(Duration.ofDays(1));

    private static final String OTLP = "/api/v1/otlp/v1/metrics";

    private final MutableClock clock = new MutableClock(DAY);
    private Api ana;

    @Override
    protected Clock clock() {
        return clock;
    }

    @BeforeEach
    void twoVersionsServedOneAfterTheOther() {
        ana = admin.withNewToken("ana", "writer");
        TwoServedVersions.record(ana, clock, DAY);
        clock.advance(Duration.ofHours(2));
    }

    @Test
    void aBackFilledMeasurementGoesToTheVersionThatServedAtItsStart() {
        JsonNode summary = ok(ana.post("/api/v1/measurements", batch(
                m("latency_p95", 120, at(2, 10)), m("latency_p95", 300, at(4, 10)))));

        assertThat(summary.get("attributed").asInt()).isEqualTo(2);
        JsonNode points = ok(ana.get(SERIES)).get("points");
        assertThat(points).hasSize(2);
        assertThat(points.get(0).get("version").asText()).isEqualTo("model:fraud@1");
        assertThat(points.get(0).get("bucket").asText()).isEqualTo(at(2, 0));
        assertThat(points.get(1).get("version").asText()).isEqualTo("model:fraud@2");
        assertThat(points.get(1).get("mean").asDouble()).isEqualTo(300.0);
    }

    @Test
    void measurementsArrivingLateAddToTheSameHourlyBucket() {
        ok(ana.post("/api/v1/measurements", batch(m("latency_p95", 100, at(2, 1)), m("latency_p95", 200, at(2, 2)))));
        ok(ana.post("/api/v1/measurements", batch(m("latency_p95", 600, at(2, 59)))));

        JsonNode points = ok(ana.get(SERIES)).get("points");

        assertThat(points).hasSize(1);
        JsonNode p = points.get(0);
        assertThat(p.get("count").asLong()).isEqualTo(3);
        assertThat(p.get("mean").asDouble()).isEqualTo(300.0);
        assertThat(p.get("min").asDouble()).isEqualTo(100.0);
        assertThat(p.get("max").asDouble()).isEqualTo(600.0);
        assertThat(p.get("unit").asText()).isEqualTo("ms");
    }

    @Test
    void theHourOfASwitchIsSplitBetweenTheVersionsThatServedInIt() {
        ok(ana.post("/api/v1/measurements", batch(m("latency_p95", 100, at(3, 59)), m("latency_p95", 500,
                DAY.plus(Duration.ofHours(4)).plusSeconds(30).toString()))));

        JsonNode points = ok(ana.get(SERIES)).get("points");

        assertThat(points.findValuesAsText("version")).containsExactly("model:fraud@1", "model:fraud@2");
    }

    @Test
    void aMeasurementFromBeforeAnythingServedIsKeptUnattributed() {
        JsonNode summary = ok(ana.post("/api/v1/measurements", batch(m("latency_p95", 90, at(0, 30)))));

        assertThat(summary.get("unattributed").asInt()).isEqualTo(1);
        JsonNode points = ok(ana.get(SERIES)).get("points");
        assertThat(points.get(0).get("version").isNull()).isTrue();
    }

    @Test
    void aDeploymentListsTheMetricsItHas() {
        ok(ana.post("/api/v1/measurements", batch(m("latency_p95", 90, at(2, 0)), m("drift.amount", 0.1, at(5, 0)))));

        JsonNode metrics = ok(ana.get("/api/v1/deployments/fraud-prod/metrics"));

        assertThat(metrics.findValuesAsText("metric")).containsExactly("drift.amount", "latency_p95");
    }

    @Test
    void aBatchNamingAnUnknownDeploymentChangesNothingAndNamesIt() {
        List<Map<String, Object>> list = new ArrayList<>(batch(m("latency_p95", 100, at(2, 0))).get("measurements"));
        Map<String, Object> other = new java.util.HashMap<>(m("latency_p95", 100, at(2, 0)));
        other.put("deployment", "nowhere");
        list.add(other);

        assertProblem(ana.post("/api/v1/measurements", Map.of("measurements", list)), 400,
                "measurements[1].deployment");
        assertThat(ok(ana.get(SERIES)).get("points")).isEmpty();
    }

    @Test
    void aMeasurementFromTheFutureIsRefused() {
        assertProblem(ana.post("/api/v1/measurements", batch(m("latency_p95", 100, at(7, 0)))), 400,
                "measurements[0].start");
    }

    @Test
    void aMeasurementOlderThanTheRetentionIsNotStored() {
        String old = DAY.minus(Measurements.RETENTION).minus(Duration.ofDays(1)).toString();

        JsonNode summary = ok(ana.post("/api/v1/measurements", batch(m("latency_p95", 100, old))));

        assertThat(summary.get("expired").asInt()).isEqualTo(1);
        assertThat(summary.get("buckets").asInt()).isZero();
    }

    @Test
    void aChartWiderThanAMonthIsRefused() {
        assertProblem(ana.get("/api/v1/deployments/fraud-prod/measurements?metric=latency_p95&from="
                + DAY.minus(Duration.ofDays(40)) + "&to=" + DAY), 400, "from");
    }

    @Test
    void anUnknownDeploymentHasNoChart() {
        assertProblem(ana.get("/api/v1/deployments/nowhere/measurements?metric=latency_p95"), 404, "name");
    }

    @Test
    void anOpenTelemetryExportInGzippedJsonIsAttributedLikeTheBatchApi() throws Exception {
        String export = """
                {"resourceMetrics": [{"resource": {"attributes": [
                    {"key": "pedigree.deployment", "value": {"stringValue": "fraud-prod"}}]},
                  "scopeMetrics": [{"metrics": [{"name": "latency_p95", "unit": "ms", "gauge": {"dataPoints": [
                    {"timeUnixNano": "%d", "asDouble": 150}, {"timeUnixNano": "%d", "asDouble": 250}]}}]}]}]}
                """.formatted(nanos(at(2, 5)), nanos(at(4, 5)));
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(export.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        Api.Response r = ana.send(ana.builder(OTLP).header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip").POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(
                        gz.toByteArray())));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().has("partialSuccess")).isFalse();
        assertThat(ok(ana.get(SERIES)).get("points").findValuesAsText("version"))
                .containsExactly("model:fraud@1", "model:fraud@2");
    }

    @Test
    void anOpenTelemetryExportNamingAnUnknownDeploymentIsAPartialSuccess() {
        String export = """
                {"resourceMetrics": [
                  {"resource": {"attributes": [{"key": "pedigree.deployment", "value": {"stringValue": "nowhere"}}]},
                   "scopeMetrics": [{"metrics": [{"name": "latency_p95", "gauge": {"dataPoints": [
                     {"timeUnixNano": "%1$d", "asDouble": 1}]}}]}]},
                  {"resource": {"attributes": [{"key": "pedigree.deployment", "value": {"stringValue": "fraud-prod"}}]},
                   "scopeMetrics": [{"metrics": [{"name": "latency_p95", "gauge": {"dataPoints": [
                     {"timeUnixNano": "%1$d", "asDouble": 2}]}}]}]}]}
                """.formatted(nanos(at(2, 5)));

        JsonNode answer = ok(ana.postRaw(OTLP, "application/json", export));

        assertThat(answer.at("/partialSuccess/rejectedDataPoints").asInt()).isEqualTo(1);
        assertThat(answer.at("/partialSuccess/errorMessage").asText()).contains("nowhere");
        assertThat(ok(ana.get(SERIES)).get("points")).hasSize(1);
    }

    @Test
    void anOpenTelemetryExportInProtobufIsRecordedAndAnsweredInProtobuf() throws Exception {
        var point = io.opentelemetry.proto.metrics.v1.NumberDataPoint.newBuilder()
                .setTimeUnixNano(nanos(at(4, 5))).setAsDouble(0.4)
                .addAttributes(stringAttribute("feature", "amount"));
        var export = io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(io.opentelemetry.proto.metrics.v1.ResourceMetrics.newBuilder()
                        .setResource(io.opentelemetry.proto.resource.v1.Resource.newBuilder()
                                .addAttributes(stringAttribute("pedigree.deployment", "fraud-prod")))
                        .addScopeMetrics(io.opentelemetry.proto.metrics.v1.ScopeMetrics.newBuilder()
                                .addMetrics(io.opentelemetry.proto.metrics.v1.Metric.newBuilder().setName("drift")
                                        .setGauge(io.opentelemetry.proto.metrics.v1.Gauge.newBuilder()
                                                .addDataPoints(point))))).build();

        var r = java.net.http.HttpClient.newHttpClient().send(ana.builder(OTLP)
                .header("Content-Type", "application/x-protobuf")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(export.toByteArray())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("protobuf"));
        assertThat(io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse.parseFrom(r.body())
                .hasPartialSuccess()).isFalse();
        JsonNode points = ok(ana.get(SERIES.replace("latency_p95", "drift.amount"))).get("points");
        assertThat(points.get(0).get("version").asText()).isEqualTo("model:fraud@2");
        assertThat(points.get(0).get("mean").asDouble()).isEqualTo(0.4);
    }

    private static io.opentelemetry.proto.common.v1.KeyValue stringAttribute(String key, String value) {
        return io.opentelemetry.proto.common.v1.KeyValue.newBuilder().setKey(key).setValue(
                io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static long nanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private static String at(int hour, int minute) {
        return DAY.plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute)).toString();
    }

    private static Map<String, Object> m(String metric, double value, String start) {
        return Map.of("deployment", "fraud-prod", "metric", metric, "value", value, "unit",
                metric.startsWith("latency") ? "ms" : "1", "start", start);
    }

    @SafeVarargs
    private static Map<String, List<Map<String, Object>>> batch(Map<String, Object>... ms) {
        return Map.of("measurements", List.of(ms));
    }
}
