package io.pedigree.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pedigree.App;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.lineage.Direction;
import io.pedigree.lineage.NodeKey;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * Times each question three ways, interleaved in one run so that the machine's moods touch all three alike: over
 * HTTP, through the service called in-process (its public API, over the App's own Bolt driver), and as the one
 * hand-written Cypher query that is the floor ({@link Floors}). Every iteration checks the three answer sizes agree.
 */
final class QueryBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Before the generator's first serving period ends: deployments then served their older version. */
    static final Instant PAST = Instant.parse("2026-02-15T00:00:00Z");

    /** How one side answers iteration {@code i}, as an answer size. */
    @FunctionalInterface
    interface Side {
        int answer(int i) throws Exception;
    }

    private final BenchClient client;
    private final App app;
    private final Floors floor;
    private final int iterations;
    private final int maxDepth;
    private final int maxNodes;
    private final List<BenchReport.Row> rows = new ArrayList<>();

    QueryBench(BenchClient client, App app, Floors floor, int iterations, int maxDepth, int maxNodes) {
        this.client = client;
        this.app = app;
        this.floor = floor;
        this.iterations = iterations;
        this.maxDepth = maxDepth;
        this.maxNodes = maxNodes;
    }

    /** Every question of the report, in its order. */
    List<BenchReport.Row> runAll(GraphGenerator.Graph g, List<String> roots, List<String> deployments,
                                 String taintedVersion, String taintedVersionPath, String rollbackDeployment)
            throws Exception {
        for (int depth : new int[] {5, 10, maxDepth}) {
            int d = depth;
            time("upstream lineage, depth " + d, d == 10 ? BenchReport.Role.DEPTH_10 : BenchReport.Role.OTHER, true,
                    http(i -> "/api/v1/lineage?direction=upstream&depth=" + d + "&key=" + q(roots.get(i % roots.size())),
                            a -> a.get("nodes").size()),
                    i -> app.lineage().lineage(key(roots.get(i % roots.size())), Direction.UPSTREAM, d, Set.of(),
                            null).nodes().size(),
                    i -> floor.lineage(roots.get(i % roots.size()), true, d, Instant.now()));
        }
        time("upstream lineage, depth " + maxDepth + ", as of " + PAST, BenchReport.Role.OTHER, true,
                http(i -> "/api/v1/lineage?direction=upstream&depth=" + maxDepth + "&asOf=" + PAST + "&key="
                        + q(deployments.get(i % deployments.size())), a -> a.get("nodes").size()),
                i -> app.lineage().lineage(key(deployments.get(i % deployments.size())), Direction.UPSTREAM, maxDepth,
                        Set.of(), PAST).nodes().size(),
                i -> floor.lineage(deployments.get(i % deployments.size()), true, maxDepth, PAST));
        impact("impact of the most-used dataset (" + g.mostUsedDatasetUses() + " runs)", BenchReport.Role.HUB_IMPACT,
                g.mostUsedDataset());
        impact("impact of a median dataset (" + g.medianDatasetUses() + " runs)", BenchReport.Role.OTHER,
                g.medianDataset());
        time("path deployment → dataset", BenchReport.Role.OTHER, true,
                http(i -> "/api/v1/path?from=" + q(g.pathFrom()) + "&to=" + q(g.pathTo()), a -> a.get("paths").size()),
                i -> app.lineage().paths(key(g.pathFrom()), key(g.pathTo()), maxDepth, 10, null).paths().size(),
                i -> floor.paths(g.pathFrom(), g.pathTo(), 10, Instant.now()));
        // No route answers the taint check alone: the version's page carries it beside evaluations and approvals.
        time("quarantine taint of a version", BenchReport.Role.OTHER, false,
                http(i -> taintedVersionPath, a -> a.get("quarantinedUpstream").size()),
                i -> app.quarantines().taint(taintedVersion).size(),
                i -> floor.taint(taintedVersion, Instant.now()));
        time("rollback plan", BenchReport.Role.OTHER, true,
                http(i -> "/api/v1/deployments/" + rollbackDeployment + "/rollback-plan", a -> a.get("candidates").size()),
                i -> app.rollbacks().plan(rollbackDeployment).candidates().size(),
                i -> floor.rollbackCandidates("deployment:" + rollbackDeployment, Instant.now()));
        String missing = "dataset:does-not-exist@v1";
        time("a key that does not exist", BenchReport.Role.OTHER, true,
                i -> {
                    BenchClient.Reply r = client.get("/api/v1/lineage?direction=upstream&depth=10&key=" + q(missing));
                    if (r.statusCode() != 404) {
                        throw new IOException("a missing key answered HTTP " + r.statusCode() + ", not 404");
                    }
                    return 0;
                },
                i -> {
                    try {
                        return app.lineage().lineage(key(missing), Direction.UPSTREAM, 10, Set.of(), null).nodes().size();
                    } catch (NotFound e) {
                        return 0;
                    }
                },
                i -> floor.node(missing));
        return rows;
    }

    private void impact(String name, BenchReport.Role role, String dataset) throws Exception {
        time(name, role, true,
                http(i -> "/api/v1/impact?key=" + q(dataset), a -> a.get("total").asInt() + 1),
                i -> app.lineage().impact(key(dataset), maxDepth, Set.of(), maxNodes, null).total() + 1,
                i -> floor.impact(dataset, Instant.now()));
    }

    /**
     * Warms up with as many iterations as it then times; the order of the three sides rotates every iteration.
     * Answers the row it added to the report.
     */
    BenchReport.Row time(String name, BenchReport.Role role, boolean sameCall, Side http, Side service, Side floor)
            throws Exception {
        Side[] sides = {http, service, floor};
        Latencies[] lat = {new Latencies(), new Latencies(), new Latencies()};
        int mismatches = 0;
        String first = null;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < iterations; i++) {
                int[] size = new int[3];
                long[] nanos = new long[3];
                for (int k = 0; k < 3; k++) {
                    int side = (i + k) % 3;
                    long s = System.nanoTime();
                    size[side] = sides[side].answer(i);
                    nanos[side] = sides[side] instanceof HttpSide h ? h.lastNanos : System.nanoTime() - s;
                }
                if (round == 1) {
                    for (int side = 0; side < 3; side++) {
                        lat[side].add(nanos[side], size[side]);
                    }
                    if (size[0] != size[1] || size[1] != size[2]) {
                        mismatches++;
                        if (first == null) {
                            first = "iteration " + i + ": HTTP " + size[0] + ", service " + size[1] + ", floor "
                                    + size[2];
                        }
                    }
                }
            }
        }
        BenchReport.Row row = new BenchReport.Row(name, role, lat[0], lat[1], lat[2], sameCall, mismatches, first);
        rows.add(row);
        return row;
    }

    Side http(IntFunction<String> path, ToIntFunction<JsonNode> size) {
        return new HttpSide(path, size);
    }

    /** A GET timed from sending to the last byte received; reading the JSON to count the answer is not timed. */
    private final class HttpSide implements Side {
        private final IntFunction<String> path;
        private final ToIntFunction<JsonNode> size;
        private long lastNanos;

        HttpSide(IntFunction<String> path, ToIntFunction<JsonNode> size) {
            this.path = path;
            this.size = size;
        }

        @Override
        public int answer(int i) throws Exception {
            String p = path.apply(i);
            long s = System.nanoTime();
            BenchClient.Reply r = client.get(p);
            lastNanos = System.nanoTime() - s;
            if (r.statusCode() != 200) {
                throw new IOException("GET " + p + ": HTTP " + r.statusCode() + ": "
                        + new String(r.body(), StandardCharsets.UTF_8));
            }
            return size.applyAsInt(JSON.readTree(r.body()));
        }
    }

    private static NodeKey key(String k) {
        return NodeKey.parse("key", k);
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
