package io.pedigree.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** The demo's governance story: the fraud model's recorded versions, adopted, evaluated, approved and promoted. */
class DemoRegistryIT extends PedigreeIT {

    private void loadDemo() {
        DemoData.load(app.writer());
        assertThat(DemoRegistry.load(app.registry(), app.models(), app.versions(), app.evaluations(),
                app.lifecycle())).isTrue();
    }

    @Test
    void theRecordedVersionsAreRegisteredAsTheStoryTellsWithVersion4InProduction() {
        loadDemo();

        JsonNode model = ok(admin.get("/api/v1/models/fraud-detector"));
        assertThat(model.get("productionVersion").asInt()).isEqualTo(4);
        assertThat(model.get("latestVersion").asInt()).isEqualTo(5);
        JsonNode v1 = ok(admin.get("/api/v1/models/fraud-detector/versions/1"));
        assertThat(v1.get("version").get("stage").asText()).isEqualTo("staging");
        assertThat(v1.get("approvals").toString()).contains("reject", "Recall at 1% FPR");
        // Adopted versions keep what the lineage recorded about how they were made.
        assertThat(ok(admin.get("/api/v1/lineage?key=model:fraud-detector@4&depth=1")).toString())
                .contains("run:train-fraud-detector@2026-10-14");
        JsonNode gates = ok(admin.get("/api/v1/models/fraud-detector/versions/5/gates?stage=production"));
        assertThat(gates.get("passed").asBoolean()).isFalse();
        assertThat(gates.toString()).contains("approvals");
    }

    @Test
    void productionRollsBackToVersion3WhichServedItBefore() {
        loadDemo();

        JsonNode plan = ok(admin.get("/api/v1/deployments/fraud-api-prod/rollback-plan"));

        assertThat(plan.get("current").asText()).isEqualTo("model:fraud-detector@4");
        assertThat(plan.get("target").asText()).isEqualTo("model:fraud-detector@3");
        assertThat(plan.get("safe").asBoolean()).isTrue();
    }

    @Test
    void loadingItTwiceChangesNothing() {
        loadDemo();
        long events = Graph.count("MATCH (e:AuditEvent) RETURN count(e) AS c");

        assertThat(DemoRegistry.load(app.registry(), app.models(), app.versions(), app.evaluations(),
                app.lifecycle())).isFalse();

        assertThat(Graph.count("MATCH (e:AuditEvent) RETURN count(e) AS c")).isEqualTo(events);
        JsonNode verify = ok(admin.get("/api/v1/audit/verify"));
        assertThat(verify.get("ok").asBoolean()).isTrue();
    }
}
