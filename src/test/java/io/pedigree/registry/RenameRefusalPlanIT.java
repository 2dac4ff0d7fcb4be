package io.pedigree.registry;

import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestNeo4j;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.summary.Plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rename's check for versions that record one of the model's versions as base model or input starts from the
 * model's own version nodes by index and follows relations, rather than reading every model version's content.
 */
class RenameRefusalPlanIT extends PedigreeIT {

    @Test
    void theBaseModelCheckSeeksTheModelsVersionsByIndexAndScansNoLabel() {
        Plan plan;
        try (var session = TestNeo4j.driver().session()) {
            plan = session.run("EXPLAIN " + ModelRenames.NAMED_IN_CONTENT, Map.of("family", "model:fraud",
                    "quoted", "\"model:fraud@")).consume().plan();
        }
        List<String> operators = new ArrayList<>();
        collect(plan, operators);
        assertThat(operators).as(operators.toString()).anyMatch(o -> o.startsWith("NodeIndexSeek"))
                .noneMatch(o -> o.startsWith("NodeByLabelScan") || o.startsWith("AllNodesScan")
                        || o.startsWith("NodeIndexScan"));
    }

    private static void collect(Plan plan, List<String> into) {
        into.add(plan.operatorType());
        plan.children().forEach(c -> collect(c, into));
    }
}
