package io.pedigree.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;

import java.util.List;

/**
 * Reads the protobuf encoding of an OTLP/HTTP metrics export by turning it into the JSON encoding's tree, so one
 * reader ({@link OtlpMetrics}) holds every rule about which points count and how.
 */
public final class OtlpProtobuf {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private OtlpProtobuf() {
    }

    /** Parses an {@code ExportMetricsServiceRequest}; {@link IllegalArgumentException} when it is not one. */
    public static OtlpMetrics.Read read(byte[] body) {
        ExportMetricsServiceRequest request;
        try {
            request = ExportMetricsServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an OTLP ExportMetricsServiceRequest: " + e.getMessage(), e);
        }
        return OtlpMetrics.read(tree(request));
    }

    /** The protobuf {@code ExportMetricsServiceResponse}: empty, or how many points were rejected and why. */
    public static byte[] answer(long rejected, String error) {
        var response = io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse.newBuilder();
        if (rejected > 0) {
            response.setPartialSuccess(io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess
                    .newBuilder().setRejectedDataPoints(rejected).setErrorMessage(error == null ? "" : error));
        }
        return response.build().toByteArray();
    }

    static JsonNode tree(ExportMetricsServiceRequest request) {
        ObjectNode root = F.objectNode();
        ArrayNode resources = root.putArray("resourceMetrics");
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            ObjectNode r = resources.addObject();
            r.putObject("resource").set("attributes", attributes(rm.getResource().getAttributesList()));
            ArrayNode scopes = r.putArray("scopeMetrics");
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                ArrayNode metrics = scopes.addObject().putArray("metrics");
                for (Metric m : sm.getMetricsList()) {
                    metric(metrics.addObject(), m);
                }
            }
        }
        return root;
    }

    private static void metric(ObjectNode out, Metric m) {
        out.put("name", m.getName());
        out.put("unit", m.getUnit());
        switch (m.getDataCase()) {
            case GAUGE -> numbers(out.putObject("gauge"), m.getGauge().getDataPointsList());
            case SUM -> numbers(out.putObject("sum").put("aggregationTemporality",
                    m.getSum().getAggregationTemporalityValue()), m.getSum().getDataPointsList());
            case HISTOGRAM -> {
                ObjectNode h = out.putObject("histogram").put("aggregationTemporality",
                        m.getHistogram().getAggregationTemporalityValue());
                ArrayNode points = h.putArray("dataPoints");
                for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
                    ObjectNode o = times(points.addObject(), p.getStartTimeUnixNano(), p.getTimeUnixNano(),
                            p.getAttributesList()).put("count", p.getCount());
                    if (p.hasSum()) {
                        o.put("sum", p.getSum());
                    }
                }
            }
            case SUMMARY -> {
                ArrayNode points = out.putObject("summary").putArray("dataPoints");
                for (SummaryDataPoint p : m.getSummary().getDataPointsList()) {
                    ArrayNode q = times(points.addObject(), p.getStartTimeUnixNano(), p.getTimeUnixNano(),
                            p.getAttributesList()).putArray("quantileValues");
                    p.getQuantileValuesList().forEach(v -> q.addObject().put("quantile", v.getQuantile())
                            .put("value", v.getValue()));
                }
            }
            // Exponential histograms and empty metrics: the JSON reader rejects a metric it has no section for.
            default -> {
            }
        }
    }

    private static void numbers(ObjectNode section, List<NumberDataPoint> points) {
        ArrayNode out = section.putArray("dataPoints");
        for (NumberDataPoint p : points) {
            ObjectNode o = times(out.addObject(), p.getStartTimeUnixNano(), p.getTimeUnixNano(),
                    p.getAttributesList());
            if (p.getValueCase() == NumberDataPoint.ValueCase.AS_DOUBLE) {
                o.put("asDouble", p.getAsDouble());
            } else if (p.getValueCase() == NumberDataPoint.ValueCase.AS_INT) {
                o.put("asInt", p.getAsInt());
            }
        }
    }

    private static ObjectNode times(ObjectNode o, long start, long time, List<KeyValue> attributes) {
        o.put("startTimeUnixNano", start);
        o.put("timeUnixNano", time);
        o.set("attributes", attributes(attributes));
        return o;
    }

    private static ArrayNode attributes(List<KeyValue> kvs) {
        ArrayNode out = F.arrayNode();
        for (KeyValue kv : kvs) {
            if (kv.getValue().hasStringValue()) {
                out.addObject().put("key", kv.getKey()).putObject("value").put("stringValue",
                        kv.getValue().getStringValue());
            }
        }
        return out;
    }
}
