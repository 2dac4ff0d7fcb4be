package io.pedigree.fields;

import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestNeo4j;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Session;
import org.neo4j.driver.summary.Plan;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Field upstream and impact find their root with one seek of the field's unique (dataset, path) index. A
 * retraction filter written as an {@code OR} was planned as two seeks and a union, or, with other statistics, as a
 * scan of every field: 3,000 index entries read for each answer of the benchmark's 12 fields.
 */
class FieldRootPlanIT extends PedigreeIT {

    @Test
    void upstreamAndImpactSeekTheirRootFieldOnce() {
        // The schema (its unique (dataset, path) constraint) is the one the app applied at start.
        assertThat(app).isNotNull();
        for (String query : List.of(FieldQueries.upstreamQuery(50), FieldQueries.impactQuery(50))) {
            List<String> operators = new ArrayList<>();
            try (Session s = TestNeo4j.driver().session()) {
                Map<String, Object> p = Map.of("dataset", "dataset:t", "path", "c", "types", List.of("DIRECT"),
                        "datasetWide", true, "visit", 10_000,
                        "asOf", Instant.parse("2026-01-01T00:00:00Z").atZone(ZoneOffset.UTC));
                collect(s.run("EXPLAIN " + query, p).consume().plan(), operators);
            }
            assertThat(operators).as("%s", operators)
                    .filteredOn(o -> o.startsWith("NodeUniqueIndexSeek")).hasSize(1);
            assertThat(operators).as("%s", operators).noneMatch(o -> o.startsWith("Union")
                    || o.startsWith("NodeIndexScan") || o.startsWith("NodeByLabelScan"));
        }
    }

    private static void collect(Plan plan, List<String> out) {
        out.add(plan.operatorType());
        plan.children().forEach(c -> collect(c, out));
    }
}
