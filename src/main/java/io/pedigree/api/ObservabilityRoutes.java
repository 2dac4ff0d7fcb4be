package io.pedigree.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.lineage.Limits;
import io.pedigree.observability.IngestSummary;
import io.pedigree.observability.Measurements;
import io.pedigree.observability.OtlpMetrics;
import io.pedigree.observability.OtlpProtobuf;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.pedigree.api.RequestRules.params;

/**
 * Production measurements in (a batch API and OTLP/HTTP metrics in JSON) and out (a deployment's metrics and one
 * metric's hourly series).
 */
final class ObservabilityRoutes {

    private final Measurements measurements;
    private final JsonBody body;
    private final Consistency consistency;
    private final OtlpBody otlpBody;
    private final ObjectMapper json;
    private final Limits limits;

    ObservabilityRoutes(Measurements measurements, JsonBody body, Consistency consistency, OtlpBody otlpBody,
                        ObjectMapper json, Limits limits) {
        this.measurements = measurements;
        this.body = body;
        this.consistency = consistency;
        this.otlpBody = otlpBody;
        this.json = json;
        this.limits = limits;
    }

    /** The answer OTLP/HTTP expects: empty on success, else how many data points were rejected and why. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record OtlpAnswer(PartialSuccess partialSuccess) {
        record PartialSuccess(long rejectedDataPoints, String errorMessage) {
        }
    }

    void register(JavalinConfig config) {
        var r = config.routes;
        var c = consistency;
        r.post("/api/v1/measurements", c.wrap(this::record), Access.WRITER);
        r.post("/api/v1/otlp/v1/metrics", c.wrap(this::otlp), Access.WRITER);
        r.get("/api/v1/deployments/{name}/metrics", c.wrap(ctx -> ctx.json(measurements.metrics(
                ctx.pathParam("name")))), Access.READER);
        r.get("/api/v1/deployments/{name}/measurements", c.wrap(ctx -> ctx.json(measurements.series(
                ctx.pathParam("name"), Params.required(ctx, "metric"), Params.instant(ctx, "from"),
                Params.instant(ctx, "to")))), Access.READER, params("metric", "from", "to"));
    }

    private void record(Context ctx) throws Exception {
        var b = body.read(ctx, ObservabilityBodies.MeasurementsBody.class);
        var summary = measurements.record(b.parse());
        consistency.bookmark(ctx);
        ctx.json(summary);
    }

    private void otlp(Context ctx) throws IOException {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        byte[] bytes = otlpBody.read(ctx);
        OtlpMetrics.Read read;
        if (type.contains("protobuf")) {
            try {
                read = OtlpProtobuf.read(bytes);
            } catch (IllegalArgumentException e) {
                throw new InvalidInput("$", "The body is " + e.getMessage());
            }
        } else if (type.isEmpty() || type.contains("json")) {
            read = OtlpMetrics.read(jsonTree(bytes));
        } else {
            throw new InvalidInput("Content-Type", "OTLP metrics are application/json or application/x-protobuf,"
                    + " not " + type);
        }
        long rejected = read.rejected();
        String error = read.firstError();
        // An exporter sends what it has; split it to the batch limit rather than refuse a large export.
        List<io.pedigree.observability.Measurement> all = read.measurements();
        for (int from = 0; from < all.size(); from += limits.maxBatchElements()) {
            IngestSummary s = measurements.recordKnown(new ArrayList<>(all.subList(from,
                    Math.min(all.size(), from + limits.maxBatchElements()))));
            rejected += s.rejected();
            error = error == null ? s.firstError() : error;
        }
        consistency.bookmark(ctx);
        if (type.contains("protobuf")) {
            // OTLP answers in the encoding it was sent.
            ctx.contentType("application/x-protobuf").result(OtlpProtobuf.answer(rejected, error));
            return;
        }
        ctx.json(rejected == 0 ? new OtlpAnswer(null)
                : new OtlpAnswer(new OtlpAnswer.PartialSuccess(rejected, error)));
    }

    private JsonNode jsonTree(byte[] bytes) throws IOException {
        JsonNode request;
        try (JsonParser parser = new CheckedParser(json.createParser(bytes), limits)) {
            request = json.readTree(parser);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInput("$", "The body is not an OTLP ExportMetricsServiceRequest in JSON: "
                    + e.getOriginalMessage());
        }
        if (request == null || !request.isObject()) {
            throw new InvalidInput("$", "The body is an OTLP ExportMetricsServiceRequest object");
        }
        return request;
    }
}
