package io.pedigree.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small fraud story: raw → clean (derived), a training run, two model versions, an evaluation, and a production
 * deployment that served version 1 in September and version 2 since 1 October.
 */
class LineageIT extends PedigreeIT {

    private static Map<String, Object> node(String key) {
        return Map.of("key", key, "validFrom", "2026-08-01T00:00:00Z");
    }

    private static Map<String, Object> rel(String from, String type, String to, String validFrom, String validTo) {
        var m = new java.util.HashMap<String, Object>(Map.of("from", from, "type", type, "to", to,
                "validFrom", validFrom));
        if (validTo != null) {
            m.put("validTo", validTo);
        }
        return m;
    }

    @BeforeEach
    void story() {
        String t = "2026-08-01T00:00:00Z";
        var batch = Map.of(
                "nodes", List.of(node("dataset:raw@1"), node("dataset:clean@1"), node("run:train@1"),
                        node("run:train@2"), node("model:fraud@1"), node("model:fraud@2"), node("evaluation:auc-2"),
                        Map.of("key", "deployment:prod", "properties", Map.of("environment", "production"),
                                "owner", "person:ana@acme.com", "validFrom", t)),
                "relations", List.of(
                        rel("dataset:clean@1", "DERIVED_FROM", "dataset:raw@1", t, null),
                        rel("run:train@1", "USED", "dataset:clean@1", t, null),
                        rel("run:train@2", "USED", "dataset:clean@1", t, null),
                        rel("model:fraud@1", "WAS_GENERATED_BY", "run:train@1", t, null),
                        rel("model:fraud@2", "WAS_GENERATED_BY", "run:train@2", t, null),
                        rel("evaluation:auc-2", "EVALUATES", "model:fraud@2", t, null),
                        rel("deployment:prod", "SERVES", "model:fraud@1", "2026-09-01T00:00:00Z", "2026-10-01T00:00:00Z"),
                        rel("deployment:prod", "SERVES", "model:fraud@2", "2026-10-01T00:00:00Z", null)));
        assertThat(admin.post("/api/v1/batch", batch).status()).isEqualTo(200);
    }

    private static List<String> keys(JsonNode lineage) {
        List<String> out = new ArrayList<>();
        lineage.get("nodes").forEach(n -> out.add(n.get("key").asText()));
        return out;
    }

    @Test
    void upstreamLineageIsReadAsOfAnyInstant() {
        JsonNode now = admin.get("/api/v1/lineage?key=deployment:prod&depth=10").json();
        assertThat(keys(now)).containsExactly("deployment:prod", "model:fraud@2", "run:train@2", "dataset:clean@1",
                "dataset:raw@1");
        JsonNode september = admin.get("/api/v1/lineage?key=deployment:prod&depth=10&asOf=2026-09-15T12:00:00Z").json();
        assertThat(keys(september)).contains("model:fraud@1", "run:train@1").doesNotContain("model:fraud@2");
        JsonNode august = admin.get("/api/v1/lineage?key=deployment:prod&asOf=2026-08-15").json();
        assertThat(keys(august)).containsExactly("deployment:prod");
        assertThat(admin.get("/api/v1/lineage?key=deployment:prod&asOf=2026-07-01").status()).isEqualTo(404);
    }

    @Test
    void closingARelationEndsItForLaterInstantsOnly() {
        assertThat(admin.post("/api/v1/relations/close", Map.of("from", "deployment:prod", "type", "SERVES",
                "to", "model:fraud@2", "at", "2026-11-01T00:00:00Z")).status()).isEqualTo(200);
        assertThat(keys(admin.get("/api/v1/lineage?key=deployment:prod&depth=1").json()))
                .containsExactly("deployment:prod");
        assertThat(keys(admin.get("/api/v1/lineage?key=deployment:prod&depth=1&asOf=2026-10-15").json()))
                .containsExactly("deployment:prod", "model:fraud@2");
        assertThat(admin.post("/api/v1/relations/close", Map.of("from", "deployment:prod", "type", "SERVES",
                "to", "model:fraud@2")).status()).isEqualTo(404);
    }

    @Test
    void reSendingAnOpenIntervalWithAnEndClosesIt() {
        Api.Response r = admin.post("/api/v1/relations", Map.of("from", "deployment:prod", "type", "SERVES",
                "to", "model:fraud@2", "validFrom", "2026-10-01T00:00:00Z", "validTo", "2026-11-01T00:00:00Z"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("outcome").asText()).isEqualTo("updated");
        assertThat(keys(admin.get("/api/v1/lineage?key=deployment:prod&depth=1").json()))
                .containsExactly("deployment:prod");
        assertThat(admin.post("/api/v1/relations", Map.of("from", "deployment:prod", "type", "SERVES",
                "to", "model:fraud@2", "validFrom", "2026-10-01T00:00:00Z", "validTo", "2026-11-01T00:00:00Z"))
                .json().get("outcome").asText()).isEqualTo("unchanged");
    }

    @Test
    void depthKindsAndDirectionShapeTheAnswer() {
        JsonNode shallow = admin.get("/api/v1/lineage?key=deployment:prod&depth=2").json();
        assertThat(shallow.get("direction").asText()).isEqualTo("upstream");
        assertThat(keys(shallow)).containsExactly("deployment:prod", "model:fraud@2", "run:train@2");
        JsonNode datasets = admin.get("/api/v1/lineage?key=deployment:prod&depth=10&kinds=dataset").json();
        assertThat(keys(datasets)).containsExactlyInAnyOrder("deployment:prod", "dataset:clean@1", "dataset:raw@1");
        assertThat(datasets.get("edges")).hasSize(1);
        JsonNode down = admin.get("/api/v1/lineage?key=dataset:raw@1&direction=downstream&depth=10").json();
        assertThat(keys(down)).contains("deployment:prod", "evaluation:auc-2", "model:fraud@1");
        JsonNode both = admin.get("/api/v1/lineage?key=run:train@2&direction=both").json();
        assertThat(keys(both)).contains("dataset:raw@1", "deployment:prod").doesNotContain("run:train@1");
        JsonNode family = admin.get("/api/v1/lineage?key=model:fraud&depth=2").json();
        assertThat(keys(family)).contains("model:fraud@1", "model:fraud@2", "dataset:clean@1");
    }

    @Test
    void badDepthDirectionKindOrKeyIsA400NamingTheParameter() {
        for (String[] c : new String[][] {{"depth=51", "depth"}, {"depth=0", "depth"}, {"depth=x", "depth"},
                {"direction=sideways", "direction"}, {"kinds=table", "kinds"}, {"asOf=yesterday", "asOf"}}) {
            Api.Response r = admin.get("/api/v1/lineage?key=deployment:prod&" + c[0]);
            assertThat(r.status()).as(c[0]).isEqualTo(400);
            assertThat(r.json().get("field").asText()).isEqualTo(c[1]);
        }
        assertThat(admin.get("/api/v1/lineage?key=nonsense").json().get("field").asText()).isEqualTo("key");
        assertThat(admin.get("/api/v1/lineage?key=dataset:unknown@1").status()).isEqualTo(404);
    }

    @Test
    void cyclesNeitherHangNorDuplicate() {
        String t = "2026-08-01T00:00:00Z";
        admin.post("/api/v1/batch", Map.of("nodes", List.of(node("dataset:a@1"), node("dataset:b@1"), node("dataset:c@1")),
                "relations", List.of(rel("dataset:a@1", "DERIVED_FROM", "dataset:b@1", t, null),
                        rel("dataset:b@1", "DERIVED_FROM", "dataset:c@1", t, null),
                        rel("dataset:c@1", "DERIVED_FROM", "dataset:a@1", t, null))));
        JsonNode both = admin.get("/api/v1/lineage?key=dataset:a@1&direction=both&depth=50").json();
        assertThat(keys(both)).containsExactlyInAnyOrder("dataset:a@1", "dataset:b@1", "dataset:c@1");
        assertThat(both.get("edges")).hasSize(3);
    }

    @Test
    void impactPutsServingProductionDeploymentsAndTheirOwnersFirst() {
        JsonNode impact = admin.get("/api/v1/impact?key=dataset:raw@1").json();
        JsonNode first = impact.get("deployments").get(0);
        assertThat(first.get("deployment").get("key").asText()).isEqualTo("deployment:prod");
        assertThat(first.get("environment").asText()).isEqualTo("production");
        assertThat(first.get("serves").get(0).asText()).isEqualTo("model:fraud@2");
        assertThat(first.get("owners").get(0).asText()).isEqualTo("person:ana@acme.com");
        assertThat(impact.get("counts").get("model").asInt()).isEqualTo(2);
        assertThat(impact.get("byKind").get("evaluation").get(0).get("key").asText()).isEqualTo("evaluation:auc-2");
    }

    @Test
    void pathExplainsWhyADeploymentDependsOnADatasetInEitherOrder() {
        JsonNode p = admin.get("/api/v1/path?from=dataset:raw@1&to=deployment:prod").json();
        assertThat(p.get("dependent").asText()).isEqualTo("deployment:prod");
        assertThat(p.get("length").asInt()).isEqualTo(4);
        assertThat(p.get("paths").get(0).get("nodes").findValuesAsText("key")).containsExactly("deployment:prod",
                "model:fraud@2", "run:train@2", "dataset:clean@1", "dataset:raw@1");
        JsonNode none = admin.get("/api/v1/path?from=evaluation:auc-2&to=deployment:prod").json();
        assertThat(none.get("paths")).isEmpty();
        assertThat(admin.get("/api/v1/path?from=deployment:prod&to=dataset:nope@1").status()).isEqualTo(404);
    }
}
