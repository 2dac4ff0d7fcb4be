package io.pedigree.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestNeo4j;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.summary.Plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Filtering the audit log by a key finds the key by an index, whether the event names it as target or touched it. */
class FilteringByTargetUsesAnIndexIT extends PedigreeIT {

    @Test
    void theTargetFilterSeeksTheKeyInAnIndex() {
        AuditReader.Prepared q = AuditReader.prepare(AuditQuery.all().withTarget("dataset:tx@1"));

        Plan plan;
        try (var session = TestNeo4j.driver().session()) {
            plan = session.run("EXPLAIN " + q.cypher(), q.params()).consume().plan();
        }
        List<String> operators = new ArrayList<>();
        collect(plan, operators);

        assertThat(operators).as("%s", operators).anyMatch(o -> o.startsWith("NodeUniqueIndexSeek"));
        assertThat(operators).as("%s", operators).noneMatch(o -> o.startsWith("NodeByLabelScan")
                || o.startsWith("AllNodesScan"));
    }

    @Test
    void theTargetFilterFindsEventsThatNameTheKeyAsTargetOrAmongTheKeysTouched() {
        admin.put("/api/v1/nodes", Map.of("key", "dataset:tx@1"));
        admin.put("/api/v1/nodes", Map.of("key", "run:train@r1"));
        admin.post("/api/v1/batch", Map.of("nodes", List.of(Map.of("key", "model:m@1"), Map.of("key", "dataset:other@1")),
                "relations", List.of(Map.of("from", "run:train@r1", "type", "USED", "to", "dataset:tx@1"))));

        List<JsonNode> events = AuditTrail.all(admin, "target=dataset:tx@1", 1000);

        assertThat(events).extracting(e -> e.path("action").asText()).containsExactly("node.write", "batch.write");
    }

    @Test
    void aLargeBatchIsFoundByEveryKeyItTouchedWithoutALinkPerKey() {
        List<Map<String, Object>> nodes = new ArrayList<>();
        List<Map<String, Object>> relations = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            nodes.add(Map.of("key", String.format("dataset:part-%03d@1", i)));
            if (i > 0) {
                relations.add(Map.of("from", String.format("dataset:part-%03d@1", i), "type", "DERIVED_FROM",
                        "to", String.format("dataset:part-%03d@1", i - 1)));
            }
        }
        assertThat(admin.post("/api/v1/batch", Map.of("nodes", nodes, "relations", relations)).status())
                .isEqualTo(200);

        for (String key : List.of("dataset:part-000@1", "dataset:part-099@1", "dataset:part-100@1",
                "dataset:part-299@1")) {
            assertThat(AuditTrail.all(admin, "target=" + key, 1000)).as(key)
                    .extracting(e -> e.path("action").asText()).containsExactly("batch.write");
        }
        JsonNode event = AuditTrail.all(admin, "action=batch.write", 1000).get(0);
        assertThat(event.path("targets").size()).isEqualTo(99);
        assertThat(event.at("/details/keys/count").asInt()).isEqualTo(300);
        assertThat(event.at("/details/keys/digest").asText()).hasSize(64);
        assertThat(io.pedigree.testing.Graph.count("MATCH (:AuditEvent {action: 'batch.write'})-[c:CONCERNS]->() "
                + "RETURN count(c) AS c")).isEqualTo(100);
        assertThat(AuditTrail.all(admin, "target=dataset:part-300@1", 1000)).isEmpty();
        assertThat(admin.get("/api/v1/audit/verify").json().path("ok").asBoolean()).isTrue();
    }

    private static void collect(Plan plan, List<String> out) {
        out.add(plan.operatorType());
        plan.children().forEach(c -> collect(c, out));
    }
}
