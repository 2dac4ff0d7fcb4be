package io.pedigree.lineage;

import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BackfillIT extends PedigreeIT {

    @Test
    void backfillingAnOlderVersionMakesItsFamilyValidFromThatVersion() {
        NodeKey older = NodeKey.parse("key", "model:churn@1");
        NodeKey newer = NodeKey.parse("key", "model:churn@2");
        app.writer().writeNode(new NodeInput(newer, null, null, Instant.parse("2026-10-01T00:00:00Z")), "ci");
        app.writer().writeNode(new NodeInput(older, null, null, Instant.parse("2026-08-01T00:00:00Z")), "ci");

        Api.Response r = admin.get("/api/v1/lineage?key=" + Api.q("model:churn") + "&asOf=2026-09-01");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("nodes").findValuesAsText("key")).containsExactly("model:churn", "model:churn@1");
    }

    @Test
    void aBatchOfVersionsOutOfKeyOrderDatesTheFamilyFromItsEarliestVersion() {
        // Keys sort "@10" before "@9", so the batch writes the later version first.
        app.writer().write(new Batch(List.of(
                new NodeInput(NodeKey.parse("key", "dataset:tx@9"), null, null, Instant.parse("2026-08-01T00:00:00Z")),
                new NodeInput(NodeKey.parse("key", "dataset:tx@10"), null, null, Instant.parse("2026-08-08T00:00:00Z"))),
                List.of()), "ci");

        Api.Response r = admin.get("/api/v1/lineage?key=" + Api.q("dataset:tx") + "&asOf=2026-08-05");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("nodes").findValuesAsText("key")).containsExactly("dataset:tx", "dataset:tx@9");
    }
}
