package io.pedigree.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Fixtures for registry tests: training lineage, models, versions, evaluations and promotions over HTTP. */
public final class Registry {

    public static final Map<String, Object> FULL_CARD = Map.of("intendedUse", "score card transactions",
            "limitations", "not for loans", "license", "proprietary", "riskLevel", "high",
            "contacts", List.of("person:ana"));

    private final Api writer;

    public Registry(Api writer) {
        this.writer = writer;
    }

    /** Records datasets, commits and a run per given key, all as one batch. */
    public void lineage(String... keys) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (String k : keys) {
            nodes.add(Map.of("key", k));
        }
        ok(writer.post("/api/v1/batch", Map.of("nodes", nodes, "relations", List.of())));
    }

    public JsonNode model(String name, Map<String, Object> policy) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("description", "test model " + name);
        body.put("owner", "person:ana");
        if (policy != null) {
            body.put("policy", policy);
        }
        return ok(writer.post("/api/v1/models", body));
    }

    public int version(String model, String run, List<String> inputs) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (run != null) {
            body.put("run", run);
        }
        body.put("inputs", inputs);
        body.put("parameters", Map.of("lr", 0.01));
        body.put("card", FULL_CARD);
        return ok(writer.post("/api/v1/models/" + model + "/versions", body)).get("number").asInt();
    }

    public void evaluate(String model, int version, String suite, String metric, double value) {
        ok(writer.post("/api/v1/models/" + model + "/versions/" + version + "/evaluations", Map.of("suite", suite,
                "metrics", List.of(Map.of("name", metric, "value", value)))));
    }

    public Api.Response transition(Api as, String model, int version, String to, Map<String, Object> more) {
        Map<String, Object> body = new LinkedHashMap<>(more);
        body.put("to", to);
        body.putIfAbsent("reason", "test promotion to " + to);
        return as.post("/api/v1/models/" + model + "/versions/" + version + "/transitions", body);
    }

    public static void approve(Api approver, String model, int version, String stage) {
        ok(approver.post("/api/v1/models/" + model + "/versions/" + version + "/approvals",
                Map.of("stage", stage, "decision", "approve", "comment", "looks good")));
    }

    public void deployment(String name, String environment) {
        ok(writer.put("/api/v1/deployments/" + name, Map.of("environment", environment, "endpoint",
                "https://" + name + ".example", "owner", "person:ana")));
    }

    /** Registers a version from a whole body, answering the raw response for error checks. */
    public Api.Response register(String model, Map<String, Object> body) {
        return writer.post("/api/v1/models/" + model + "/versions", body);
    }

    /** Records one evaluation of several metrics (higher is better) on a suite. */
    public void evaluate(String model, int version, String suite, Map<String, Double> metrics) {
        List<Map<String, Object>> list = new ArrayList<>();
        metrics.forEach((name, value) -> list.add(Map.of("name", name, "value", value)));
        ok(writer.post("/api/v1/models/" + model + "/versions/" + version + "/evaluations",
                Map.of("suite", suite, "metrics", list)));
    }

    /** The stage a version is in now. */
    public String stage(String model, int version) {
        return ok(writer.get("/api/v1/models/" + model + "/versions/" + version)).get("version").get("stage")
                .asText();
    }

    /** Moves a version to {@code to}, failing the test unless it was accepted. */
    public JsonNode promote(Api as, String model, int version, String to, Map<String, Object> more) {
        return ok(transition(as, model, version, to, more));
    }

    /** Points a deployment at a version directly, with a reason. */
    public Api.Response serve(String deployment, String versionKey) {
        return writer.post("/api/v1/deployments/" + deployment + "/serve", Map.of("version", versionKey,
                "reason", "test serve"));
    }

    /** What a deployment serves now, or null. */
    public String serving(String deployment) {
        JsonNode s = ok(writer.get("/api/v1/deployments/" + deployment)).get("serving");
        return s == null || s.isNull() ? null : s.asText();
    }

    /** The names of the gates a refused transition listed, in order. */
    public static List<String> unmetGates(Api.Response r) {
        List<String> out = new ArrayList<>();
        r.json().path("unmetGates").forEach(g -> out.add(g.get("gate").asText()));
        return out;
    }

    public static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 299);
        return r.json();
    }
}
