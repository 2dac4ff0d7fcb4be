package io.pedigree.lineage;

import io.pedigree.lineage.TraversalMatchesReferenceIT.RefAnswer;
import io.pedigree.lineage.TraversalMatchesReferenceIT.RefGraph;
import io.pedigree.store.Database;
import io.pedigree.testing.TestNeo4j;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hub's capped impact is the reference search's first nodes by (depth, key), with their depths, wherever the cap
 * cuts: in the first level, in a deeper one, or not at all; from the hub alone (one seed) and from a family whose
 * versions the hub's users use (several seeds).
 */
class CappedHubIT {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aCappedHubImpactIsTheReferenceFirstNodesByDepthAndKey() {
        TestNeo4j.wipe();
        RefGraph g = hub(new Random(11));
        g.load();
        Instant asOf = T0.plusSeconds(50);
        for (String root : List.of("dataset:hub@1", RefGraph.FAMILY)) {
            for (int cap : new int[] {40, 150, 260, 400, 10_000}) {
                LineageService service = new LineageService(new Database(TestNeo4j.driver(), null,
                        Duration.ofSeconds(120)), new Limits(100, 10_000, 10_000, 50, cap, 1000), Clock.systemUTC());
                String label = root + " cap " + cap;
                RefAnswer expected = g.lineage(root, Direction.DOWNSTREAM, 50, Set.of(), cap, cap, asOf);

                Impact impact = service.impact(NodeKey.parse("key", root), 50, Set.of(), cap, asOf);
                LineageGraph lineage = service.lineage(NodeKey.parse("key", root), Direction.DOWNSTREAM, 50, Set.of(),
                        cap, asOf);

                assertThat(lineage.nodes()).as(label).extracting(n -> n.key() + "@" + n.depth())
                        .containsExactlyElementsOf(expected.nodes());
                List<String> affected = new ArrayList<>();
                impact.byKind().values().forEach(ns -> ns.forEach(n -> affected.add(n.key() + "@" + n.depth())));
                assertThat(affected).as(label).containsExactlyInAnyOrderElementsOf(expected.nodes().stream()
                        .filter(n -> !n.equals(root + "@0")).toList());
                assertThat(impact.truncated()).as(label).isEqualTo(expected.truncatedReason() != null);
                assertThat(impact.truncatedReason()).as(label).isEqualTo(expected.truncatedReason());
            }
        }
    }

    /**
     * A dataset used by 120 runs (and three versions of a family, each used by 20 of them), the models they made,
     * models derived from others (diamonds), evaluations of models, and relations that ended or begin later.
     */
    private static RefGraph hub(Random rnd) {
        RefGraph g = new RefGraph();
        add(g, "dataset:hub@1", Kind.DATASET, T0);
        g.validFrom.put(RefGraph.FAMILY, T0);
        for (int v = 1; v <= 3; v++) {
            add(g, "dataset:fam@" + v, Kind.DATASET, T0);
            g.versions.add(new RefGraph.Rel("v" + v, "dataset:fam@" + v, "VERSION_OF", RefGraph.FAMILY, T0, null));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            order.add(i);
        }
        // Keys in an order unrelated to creation, so a store's order is never the key order by chance.
        Collections.shuffle(order, rnd);
        List<String> models = new ArrayList<>();
        for (int i : order) {
            String run = "run:r" + (1000 + i * 7919 % 1000);
            add(g, run, Kind.RUN, T0.plusSeconds(rnd.nextInt(60)));
            rel(g, run, "USED", "dataset:hub@1", rnd);
            if (i % 6 == 0) {
                rel(g, run, "USED", "dataset:fam@" + (1 + i % 3), rnd);
            }
            for (int j = 0; j < 1 + rnd.nextInt(3); j++) {
                String model = "model:m" + i + "_" + j + "@1";
                add(g, model, Kind.MODEL, T0.plusSeconds(rnd.nextInt(60)));
                rel(g, model, "WAS_GENERATED_BY", run, rnd);
                if (!models.isEmpty() && rnd.nextInt(3) == 0) {
                    rel(g, model, "DERIVED_FROM", models.get(rnd.nextInt(models.size())), rnd);
                }
                models.add(model);
            }
        }
        for (int e = 0; e < 150; e++) {
            String eval = "evaluation:e" + e;
            add(g, eval, Kind.EVALUATION, T0);
            rel(g, eval, "EVALUATES", models.get(rnd.nextInt(models.size())), rnd);
        }
        return g;
    }

    private static void add(RefGraph g, String key, Kind kind, Instant from) {
        g.keys.add(key);
        g.kind.put(key, kind);
        g.validFrom.put(key, from);
    }

    private static void rel(RefGraph g, String from, String type, String to, Random rnd) {
        Instant start = T0.plusSeconds(rnd.nextInt(60));
        Instant end = rnd.nextInt(8) == 0 ? start.plusSeconds(1 + rnd.nextInt(30)) : null;
        g.rels.add(new RefGraph.Rel("r" + g.rels.size(), from, type, to, start, end));
    }
}
