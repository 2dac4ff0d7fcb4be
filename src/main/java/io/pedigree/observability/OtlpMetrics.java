package io.pedigree.observability;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads an OTLP/HTTP {@code ExportMetricsServiceRequest} in its JSON encoding into measurements. The deployment
 * is the resource attribute {@link #DEPLOYMENT}; a data point attribute {@link #FEATURE} makes the metric
 * {@code <name>.<feature>} (drift per feature). Points that cannot be read are counted and described, not fatal:
 * OTLP answers them as a partial success.
 */
public final class OtlpMetrics {

    /** The resource attribute naming the Pedigree deployment a resource's metrics belong to. */
    public static final String DEPLOYMENT = "pedigree.deployment";
    /** The data point attribute that splits a metric per feature. */
    public static final String FEATURE = "feature";

    private static final int CUMULATIVE = 2;

    /** What a request held: the measurements read and the data points rejected, with the first reason. */
    public record Read(List<Measurement> measurements, int rejected, String firstError) {
    }

    private final List<Measurement> out = new ArrayList<>();
    private int rejected;
    private String firstError;

    private OtlpMetrics() {
    }

    public static Read read(JsonNode request) {
        OtlpMetrics r = new OtlpMetrics();
        for (JsonNode rm : request.path("resourceMetrics")) {
            String deployment = attribute(rm.path("resource").path("attributes"), DEPLOYMENT);
            for (JsonNode sm : rm.path("scopeMetrics")) {
                for (JsonNode metric : sm.path("metrics")) {
                    r.metric(deployment, metric);
                }
            }
        }
        return new Read(List.copyOf(r.out), r.rejected, r.firstError);
    }

    private void metric(String deployment, JsonNode metric) {
        String name = metric.path("name").asText("");
        String unit = metric.path("unit").asText("");
        if (metric.has("gauge")) {
            points(deployment, name, unit, metric.path("gauge").path("dataPoints"), Kind.NUMBER);
        } else if (metric.has("sum")) {
            if (metric.path("sum").path("aggregationTemporality").asInt() == CUMULATIVE) {
                reject(metric.path("sum").path("dataPoints").size(), name + ": cumulative sums are not accepted;"
                        + " send delta temporality (the Collector's cumulativetodelta processor converts)");
                return;
            }
            points(deployment, name, unit, metric.path("sum").path("dataPoints"), Kind.NUMBER);
        } else if (metric.has("histogram")) {
            if (metric.path("histogram").path("aggregationTemporality").asInt() == CUMULATIVE) {
                reject(metric.path("histogram").path("dataPoints").size(), name + ": cumulative histograms are not"
                        + " accepted; send delta temporality");
                return;
            }
            points(deployment, name, unit, metric.path("histogram").path("dataPoints"), Kind.HISTOGRAM);
        } else if (metric.has("summary")) {
            points(deployment, name, unit, metric.path("summary").path("dataPoints"), Kind.SUMMARY);
        } else {
            reject(1, name + ": only gauge, sum, histogram and summary metrics are read");
        }
    }

    private enum Kind { NUMBER, HISTOGRAM, SUMMARY }

    private void points(String deployment, String name, String unit, JsonNode points, Kind kind) {
        for (JsonNode p : points) {
            if (deployment == null) {
                reject(1, "resource without the " + DEPLOYMENT + " attribute");
                continue;
            }
            try {
                String feature = attribute(p.path("attributes"), FEATURE);
                String metric = feature == null ? name : name + "." + feature;
                Instant end = nanos(p.path("timeUnixNano"));
                long startNanos = p.path("startTimeUnixNano").asLong(0);
                Instant start = startNanos > 0 && kind != Kind.SUMMARY ? nanos(p.path("startTimeUnixNano")) : end;
                String u = unit.isEmpty() ? null : unit;
                switch (kind) {
                    case NUMBER -> out.add(Measurement.of("", deployment, metric, number(p), u, start, end));
                    case HISTOGRAM -> {
                        long count = p.path("count").asLong(0);
                        if (count > 0 && p.has("sum")) {
                            out.add(Measurement.of("", deployment, metric, p.path("sum").asDouble() / count, u,
                                    start, end));
                        }
                    }
                    case SUMMARY -> {
                        for (JsonNode q : p.path("quantileValues")) {
                            String suffix = "p" + trim(q.path("quantile").asDouble() * 100);
                            out.add(Measurement.of("", deployment, metric + "_" + suffix, q.path("value").asDouble(),
                                    u, start, end));
                        }
                    }
                    default -> throw new IllegalStateException(kind.name());
                }
            } catch (RuntimeException e) {
                reject(1, name + ": " + e.getMessage());
            }
        }
    }

    private static Double number(JsonNode p) {
        if (p.has("asDouble")) {
            return p.path("asDouble").asDouble();
        }
        if (p.has("asInt")) {
            // int64 values are strings in the JSON encoding of protobuf.
            return (double) p.path("asInt").asLong();
        }
        return null;
    }

    private static Instant nanos(JsonNode v) {
        long n = v.isTextual() ? Long.parseLong(v.asText()) : v.asLong(0);
        if (n <= 0) {
            throw new IllegalArgumentException("timeUnixNano is required");
        }
        return Instant.ofEpochSecond(n / 1_000_000_000L, n % 1_000_000_000L);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d).replace('.', '_').toLowerCase(Locale.ROOT);
    }

    private static String attribute(JsonNode attributes, String key) {
        for (JsonNode a : attributes) {
            if (key.equals(a.path("key").asText())) {
                JsonNode v = a.path("value");
                return v.has("stringValue") ? v.path("stringValue").asText() : null;
            }
        }
        return null;
    }

    private void reject(int n, String why) {
        rejected += n;
        if (firstError == null) {
            firstError = why;
        }
    }
}
