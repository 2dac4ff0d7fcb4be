package io.pedigree.bench;

import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.RelationType;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GraphGeneratorTest {

    private final GraphGenerator.Graph graph = GraphGenerator.generate(20_000, 7);

    @Test
    void theSameSeedGivesTheSameGraph() {
        GraphGenerator.Graph again = GraphGenerator.generate(20_000, 7);
        assertThat(again.nodes()).isEqualTo(graph.nodes());
        assertThat(again.relations()).isEqualTo(graph.relations());
        assertThat(GraphGenerator.generate(20_000, 8).relations()).isNotEqualTo(graph.relations());
    }

    @Test
    void everyRelationJoinsGeneratedNodesOfKindsItsTypeAllows() {
        Set<String> keys = new HashSet<>();
        graph.nodes().forEach(n -> assertThat(keys.add((String) n.get("key"))).isTrue());
        assertThat(keys).hasSize(20_000);
        for (int i = 0; i < graph.relations().size(); i++) {
            Map<String, Object> r = graph.relations().get(i);
            assertThat(keys).contains((String) r.get("from"), (String) r.get("to"));
            RelationType.parse("type", (String) r.get("type")).checkEnds("relations[" + i + "]",
                    NodeKey.parse("from", (String) r.get("from")), NodeKey.parse("to", (String) r.get("to")));
        }
        assertThat(graph.relations().size()).isBetween(2 * 20_000 * 8 / 10, 3 * 20_000);
    }

    @Test
    void runsUseOneToEightDatasetsWithAFewVeryPopularOnesAndChainsAtMostFortyDeep() {
        Map<String, Integer> datasetsPerRun = new HashMap<>();
        Map<String, Integer> usesPerDataset = new HashMap<>();
        for (Map<String, Object> r : graph.relations()) {
            String from = (String) r.get("from");
            String to = (String) r.get("to");
            if (r.get("type").equals("USED") && from.startsWith("run:train") && to.startsWith("dataset:")) {
                datasetsPerRun.merge(from, 1, Integer::sum);
                usesPerDataset.merge(to, 1, Integer::sum);
            }
        }
        assertThat(datasetsPerRun.values()).allSatisfy(n -> assertThat(n).isBetween(1, 8));
        assertThat(graph.mostUsedDatasetUses()).isGreaterThan(100);
        long rare = usesPerDataset.values().stream().filter(n -> n <= 2).count();
        assertThat(rare).isGreaterThan(usesPerDataset.size() / 2);
        assertThat(graph.maxChainDepth()).isBetween(30, 40);
    }
}
