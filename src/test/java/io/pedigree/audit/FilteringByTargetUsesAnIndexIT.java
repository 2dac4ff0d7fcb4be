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

    private static void collect(Plan plan, List<String> out) {
        out.add(plan.operatorType());
        plan.children().forEach(c -> collect(c, out));
    }
}
