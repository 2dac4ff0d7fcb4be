package io.pedigree.demo;

import io.pedigree.lineage.Batch;
import io.pedigree.lineage.NodeInput;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.RelationInput;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class DemoDataTest {

    private final Batch batch = DemoData.batch();

    @Test
    void theDemoIsTheSameBatchEveryTime() {
        assertThat(DemoData.batch()).isEqualTo(batch);
    }

    @Test
    void theDemoHasAFewHundredDistinctNodes() {
        Set<NodeKey> keys = batch.nodes().stream().map(NodeInput::key).collect(Collectors.toSet());
        assertThat(keys).hasSize(batch.nodes().size());
        assertThat(keys.size()).isBetween(250, 400);
    }

    @Test
    void everyInstantFallsBetweenAugustFirstAndNovemberFifteenth() {
        Set<Instant> instants = new HashSet<>();
        batch.nodes().forEach(n -> instants.add(n.validFrom()));
        batch.relations().forEach(r -> {
            instants.add(r.validFrom());
            if (r.validTo() != null) {
                instants.add(r.validTo());
            }
        });
        assertThat(instants).allSatisfy(t -> assertThat(t)
                .isBetween(Instant.parse("2026-08-01T00:00:00Z"), Instant.parse("2026-11-15T23:59:59Z")));
    }

    @Test
    void noRelationStartsBeforeBothOfItsEndsExist() {
        Map<NodeKey, Instant> validFrom = batch.nodes().stream()
                .collect(Collectors.toMap(NodeInput::key, NodeInput::validFrom));
        for (RelationInput r : batch.relations()) {
            assertThat(validFrom.get(r.from())).as("%s", r).isNotNull().isBeforeOrEqualTo(r.validFrom());
            assertThat(validFrom.get(r.to())).as("%s", r).isNotNull().isBeforeOrEqualTo(r.validFrom());
        }
    }
}
