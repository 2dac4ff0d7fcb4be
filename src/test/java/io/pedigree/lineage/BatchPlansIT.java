package io.pedigree.lineage;

import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestNeo4j;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.summary.Plan;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statements of the batch writer's hot path keep the plans the ingest speed depends on: new nodes are created
 * in one pass, with no MERGE (its locking seek and the eager buffers a subquery after it needs).
 */
class BatchPlansIT extends PedigreeIT {

    @Test
    void newNodesOfAKindAreCreatedInOnePassWithoutMerge() {
        List<String> operators = operators(NodeWriter.createStatement(Kind.DATASET));

        assertThat(operators).doesNotContain("Merge", "SubqueryForeach");
        assertThat(operators.stream().filter(o -> o.startsWith("Eager"))).hasSizeLessThanOrEqualTo(1);
        assertThat(operators).contains("Create");
    }

    @Test
    void newNodesAreCreatedWithoutLookingUpAnyOtherNode() {
        // Versions are linked to their families by a statement of its own, run last (see ConcurrentCreationIT).
        List<String> operators = operators(NodeWriter.createStatement(Kind.DATASET));

        assertThat(operators).as(operators.toString()).noneMatch(o -> o.contains("Seek") || o.contains("Scan"));
    }

    @Test
    void familiesAreMergedByKeyAndLinkedToVersionsFoundByKey() {
        List<String> operators = operators(NodeWriter.linkFamiliesStatement());

        assertThat(operators).as(operators.toString()).noneMatch(o -> o.contains("Scan"))
                .contains("Merge", "Create");
    }

    @Test
    void relationsOfEveryTypeAreOneStatementThatSeeksEachEndByKeyAndLocksTheSourceInIt() {
        List<String> operators = operators(RelationWriter.WRITE);

        assertThat(operators).as(operators.toString()).filteredOn(o -> o.startsWith("NodeUniqueIndexSeek"))
                .hasSize(2);
        // The recorded relation is looked for between the two ends found, never by scanning relationships (an
        // OPTIONAL MATCH without a literal type was planned as DirectedAllRelationshipsScan per row).
        assertThat(operators).as(operators.toString()).noneMatch(o -> o.contains("Scan")).contains("SetProperty");
    }

    private static List<String> operators(String statement) {
        try (var session = TestNeo4j.driver().session()) {
            Plan plan = session.run("EXPLAIN " + statement, Map.of("rows", List.of(), "groups", List.of(),
                    "now", ZonedDateTime.now(), "actor", "test")).consume().plan();
            List<String> out = new ArrayList<>();
            collect(plan, out);
            return out;
        }
    }

    private static void collect(Plan plan, List<String> out) {
        out.add(plan.operatorType().replaceAll("@.*", ""));
        plan.children().forEach(c -> collect(c, out));
    }
}
