package io.pedigree.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class OtlpMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String T0 = "1793491200000000000";   // 2026-11-01T00:00:00Z
    private static final String T1 = "1793491260000000000";   // one minute later

    @Test
    void aGaugeBecomesOneMeasurementOfTheDeploymentNamedByTheResource() throws Exception {
        OtlpMetrics.Read read = OtlpMetrics.read(request("fraud-prod", """
                {"name": "latency_p95", "unit": "ms", "gauge": {"dataPoints": [
                  {"timeUnixNano": "%s", "asDouble": 182.5}]}}""".formatted(T1)));

        assertThat(read.rejected()).isZero();
        Measurement m = read.measurements().get(0);
        assertThat(m.deployment()).isEqualTo("fraud-prod");
        assertThat(m.metric()).isEqualTo("latency_p95");
        assertThat(m.value()).isEqualTo(182.5);
        assertThat(m.unit()).isEqualTo("ms");
        assertThat(m.start()).isEqualTo(Instant.parse("2026-11-01T00:01:00Z"));
    }

    @Test
    void aDeltaSumStartsAtItsIntervalAndReadsIntegerValuesSentAsStrings() throws Exception {
        OtlpMetrics.Read read = OtlpMetrics.read(request("fraud-prod", """
                {"name": "requests", "sum": {"aggregationTemporality": 1, "isMonotonic": true, "dataPoints": [
                  {"startTimeUnixNano": "%s", "timeUnixNano": "%s", "asInt": "1200"}]}}""".formatted(T0, T1)));

        Measurement m = read.measurements().get(0);
        assertThat(m.value()).isEqualTo(1200.0);
        assertThat(m.start()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(m.end()).isEqualTo(Instant.parse("2026-11-01T00:01:00Z"));
    }

    @Test
    void aCumulativeSumIsRejectedSayingHowToSendIt() throws Exception {
        OtlpMetrics.Read read = OtlpMetrics.read(request("fraud-prod", """
                {"name": "requests", "sum": {"aggregationTemporality": 2, "dataPoints": [
                  {"startTimeUnixNano": "%s", "timeUnixNano": "%s", "asInt": "1200"}]}}""".formatted(T0, T1)));

        assertThat(read.measurements()).isEmpty();
        assertThat(read.rejected()).isEqualTo(1);
        assertThat(read.firstError()).contains("delta");
    }

    @Test
    void aFeatureAttributeSplitsTheMetricPerFeature() throws Exception {
        OtlpMetrics.Read read = OtlpMetrics.read(request("fraud-prod", """
                {"name": "drift", "gauge": {"dataPoints": [
                  {"timeUnixNano": "%s", "asDouble": 0.31,
                   "attributes": [{"key": "feature", "value": {"stringValue": "amount"}}]}]}}""".formatted(T1)));

        assertThat(read.measurements().get(0).metric()).isEqualTo("drift.amount");
    }

    @Test
    void aHistogramIsRecordedAsItsMeanAndASummaryPerQuantile() throws Exception {
        OtlpMetrics.Read read = OtlpMetrics.read(request("fraud-prod", """
                {"name": "latency", "histogram": {"aggregationTemporality": 1, "dataPoints": [
                  {"startTimeUnixNano": "%s", "timeUnixNano": "%s", "count": "4", "sum": 400}]}},
                {"name": "latency", "summary": {"dataPoints": [
                  {"timeUnixNano": "%s", "count": "4", "sum": 400,
                   "quantileValues": [{"quantile": 0.5, "value": 80}, {"quantile": 0.95, "value": 210}]}]}}
                """.formatted(T0, T1, T1)));

        assertThat(read.measurements()).extracting(Measurement::metric)
                .containsExactly("latency", "latency_p50", "latency_p95");
        assertThat(read.measurements()).extracting(Measurement::value).containsExactly(100.0, 80.0, 210.0);
    }

    @Test
    void pointsOfAResourceWithoutTheDeploymentAttributeAreRejected() throws Exception {
        OtlpMetrics.Read read = OtlpMetrics.read(request(null, """
                {"name": "latency_p95", "gauge": {"dataPoints": [{"timeUnixNano": "%s", "asDouble": 1}]}}"""
                .formatted(T1)));

        assertThat(read.rejected()).isEqualTo(1);
        assertThat(read.firstError()).contains(OtlpMetrics.DEPLOYMENT);
    }

    static JsonNode request(String deployment, String metrics) throws Exception {
        String attrs = deployment == null ? "[{\"key\": \"service.name\", \"value\": {\"stringValue\": \"api\"}}]"
                : "[{\"key\": \"pedigree.deployment\", \"value\": {\"stringValue\": \"" + deployment + "\"}}]";
        return JSON.readTree("""
                {"resourceMetrics": [{"resource": {"attributes": %s},
                  "scopeMetrics": [{"scope": {"name": "test"}, "metrics": [%s]}]}]}""".formatted(attrs, metrics));
    }
}
