package io.pedigree.openlineage;

import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestNeo4j;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.summary.Plan;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The group statements keep the plan they were first given ({@code replan=skip}): planning them again whenever the
 * store has grown stalled the writer for seconds. That is safe only while a plan made on an empty store seeks
 * by key and never scans a label, whatever the store holds later.
 */
class GroupStatementsKeepTheirPlansIT extends PedigreeIT {

    @Test
    void theGroupStatementsAreNotPlannedAgainAsTheStoreGrows() {
        assertThat(GroupStatements.READ).startsWith("CYPHER replan=skip\n");
        assertThat(GroupStatements.WRITE).startsWith("CYPHER replan=skip\n");
    }

    @Test
    void aPlanMadeOnAnEmptyStoreSeeksByKey() {
        for (String statement : List.of(GroupStatements.READ, GroupStatements.WRITE)) {
            List<String> operators = operators(statement);
            assertThat(operators).as("%s", operators).anyMatch(o -> o.startsWith("NodeUniqueIndexSeek"));
            assertThat(operators).as("%s", operators).noneMatch(o -> o.startsWith("NodeByLabelScan")
                    || o.startsWith("AllNodesScan") || o.startsWith("DirectedRelationshipTypeScan")
                    || o.startsWith("UndirectedRelationshipTypeScan"));
        }
    }

    private static List<String> operators(String statement) {
        Map<String, Object> p = new HashMap<>();
        for (String list : List.of("events", "runs", "datasets", "families", "runKeys", "commits", "people", "marks",
                "unlinks", "orphans", "used", "generated", "owned", "properties", "jobs", "touched")) {
            p.put(list, List.of());
        }
        p.put("now", ZonedDateTime.now());
        p.put("actor", "admin");
        Plan plan;
        try (var session = TestNeo4j.driver().session()) {
            plan = session.run("EXPLAIN " + statement, p).consume().plan();
        }
        List<String> out = new ArrayList<>();
        collect(plan, out);
        return out;
    }

    private static void collect(Plan plan, List<String> out) {
        out.add(plan.operatorType());
        plan.children().forEach(c -> collect(c, out));
    }
}
