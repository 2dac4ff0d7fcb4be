package io.pedigree.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Lineage;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Lineage and impact answers stop at the configured node cap and say so. */
class LineageNodeCapIT extends PedigreeIT {

    private static final int CAP = 5;

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = TestApp.settings();
        s.put("PEDIGREE_MAX_NODES", String.valueOf(CAP));
        return s;
    }

    /** One raw dataset from which twelve cleaned datasets were derived. */
    private void recordFanOut() {
        Lineage fan = Lineage.of().node("dataset:raw@1");
        for (int i = 0; i < 12; i++) {
            fan.node("dataset:part-" + i + "@1").rel("dataset:part-" + i + "@1", "DERIVED_FROM", "dataset:raw@1");
        }
        fan.writeWith(admin);
    }

    @Test
    void lineagePastTheNodeCapIsTruncatedWithAReason() {
        recordFanOut();

        JsonNode g = admin.get("/api/v1/lineage?key=" + Api.q("dataset:raw@1") + "&direction=downstream").json();

        assertThat(g.get("truncated").asBoolean()).isTrue();
        assertThat(g.get("truncatedReason").asText()).contains("node cap", String.valueOf(CAP));
        assertThat(g.get("nodes")).hasSize(CAP);
        g.get("edges").forEach(e -> assertThat(g.get("nodes").findValuesAsText("key"))
                .contains(e.get("from").asText(), e.get("to").asText()));
    }

    @Test
    void impactPastTheNodeCapIsTruncatedWithAReason() {
        recordFanOut();

        JsonNode impact = admin.get("/api/v1/impact?key=" + Api.q("dataset:raw@1")).json();

        assertThat(impact.get("truncated").asBoolean()).isTrue();
        assertThat(impact.get("truncatedReason").asText()).contains("node cap");
        assertThat(impact.get("total").asInt()).isEqualTo(CAP - 1);
    }

    @Test
    void lineageWithinTheCapIsNotTruncated() {
        Lineage.of().node("dataset:raw@1", "dataset:clean@1")
                .rel("dataset:clean@1", "DERIVED_FROM", "dataset:raw@1").writeWith(admin);

        JsonNode g = admin.get("/api/v1/lineage?key=" + Api.q("dataset:raw@1") + "&direction=downstream").json();

        assertThat(g.get("truncated").asBoolean()).isFalse();
        assertThat(g.get("truncatedReason").isNull()).isTrue();
    }
}
