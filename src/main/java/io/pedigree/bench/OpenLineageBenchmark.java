package io.pedigree.bench;

import io.pedigree.App;
import io.pedigree.config.Config;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * {@code bench openlineage}: dbt-sized events (about 1 KB: a model run's START and COMPLETE with its inputs,
 * output and schema) sent one per request by concurrent clients to {@code POST /api/v1/lineage} of its own
 * Pedigree on an embedded Neo4j; reports, for new events, the rate and latency of accepting them and the rate
 * of applying them (from the first sent until the last applied), then the rate and latency of the same events sent
 * again (duplicates).
 */
final class OpenLineageBenchmark {

    /** 503s retried in the last {@link #send}: reported, since a retried event is a slow one. */
    private static final AtomicInteger retried = new AtomicInteger();

    private OpenLineageBenchmark() {
    }

    static int run(List<String> args, PrintStream out) throws IOException, InterruptedException {
        int events = 8000;
        int clients = 8;
        int warmup = 10_000;
        int batch = 0;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--events" -> events = Integer.parseInt(args.get(++i));
                case "--clients" -> clients = Integer.parseInt(args.get(++i));
                case "--warmup" -> warmup = Integer.parseInt(args.get(++i));
                case "--batch" -> batch = Integer.parseInt(args.get(++i));
                case "--help", "-h" -> {
                    out.println("""
                            Usage: java -jar target/pedigree.jar bench openlineage [--events N] [--clients C] [--warmup W] [--batch B]
                              --events N   timed events, half START and half COMPLETE (default 8000)
                              --clients C  concurrent clients, each posting one event per request (default 8)
                              --warmup W   events sent first and not timed (default 10000: the JIT takes about two
                                           minutes to settle on two cores, and the figures before that are not
                                           the sustained rate)
                              --batch B    send NDJSON batches of B events to /api/v1/lineage/batch instead, and
                                           report the rate of applying events in groups that size
                            Starts its own Pedigree on an embedded Neo4j in a temporary directory, which it deletes.""");
                    return 0;
                }
                default -> {
                    out.println("Unknown option " + args.get(i) + "; see bench openlineage --help");
                    return 64;
                }
            }
        }
        String token = "pdg_bench_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Path dir = Files.createTempDirectory("pedigree-bench-ol");
        Map<String, String> env = new HashMap<>();
        env.put("PEDIGREE_DATA_DIR", dir.toString());
        env.put("PEDIGREE_PORT", "0");
        env.put("PEDIGREE_EMBEDDED_BOLT_PORT", "0");
        env.put("PEDIGREE_ADMIN_TOKEN", token);
        try (App app = App.start(Config.fromMap(env))) {
            String url = "http://127.0.0.1:" + app.port() + "/api/v1/lineage";
            List<String> warm = events(warmup, 0);
            List<String> timed = events(events, 1_000_000);
            out.printf("Event size: %d bytes on average%n", timed.stream().mapToInt(String::length).sum()
                    / timed.size());
            if (batch > 0) {
                sendBatches(url + "/batch", token, warm, clients, batch);
                long t0 = System.nanoTime();
                sendBatches(url + "/batch", token, timed, clients, batch);
                out.printf("Batches of %d: %,.0f events/s with %d clients%n", batch,
                        timed.size() / ((System.nanoTime() - t0) / 1e9), clients);
                return 0;
            }
            send(url, token, warm, clients, 201);
            drain(app);
            Latencies fresh = new Latencies();
            long start = System.nanoTime();
            double rate = send(url, token, timed, clients, 201, fresh);
            int freshRetries = retried.get();
            long behind = app.openLineage().backlog();
            drain(app);
            double applied = timed.size() / ((System.nanoTime() - start) / 1e9);
            Latencies dup = new Latencies();
            double dupRate = send(url, token, timed, clients, 200, dup);
            out.printf("New events accepted: %,.0f events/s with %d clients; accept latency p50 %.1f ms,"
                    + " p99 %.1f ms%n", rate, clients, fresh.percentileMillis(50), fresh.percentileMillis(99));
            out.printf("New events applied (sustained): %,.0f events/s, all %,d from the first sent until the last"
                    + " applied; %,d were still pending when the last was accepted%n", applied, timed.size(), behind);
            if (freshRetries > 0) {
                out.printf("  %,d answers were 503 (busy) and retried after their Retry-After; the latency above"
                        + " counts from the first try%n", freshRetries);
            }
            out.printf("Duplicate events: %,.0f events/s with %d clients; accept latency p50 %.1f ms, p99 %.1f ms%n",
                    dupRate, clients, dup.percentileMillis(50), dup.percentileMillis(99));
            EventFloor floor = new EventFloor(app.database().driver(), clients);
            floor.run(warm, 1);
            Latencies alone = new Latencies();
            double aloneRate = floor.run(timed, 1, alone);
            Latencies grouped = new Latencies();
            double groupedRate = floor.run(timed, clients, grouped);
            out.printf("Floor, the same events' text only, one write transaction each over Bolt (no HTTP, no mapping,"
                    + " no audit):%n  %,.0f events/s; p50 %.1f ms, p99 %.1f ms%n", aloneRate,
                    alone.percentileMillis(50), alone.percentileMillis(99));
            out.printf("Floor, the same, %d events per write transaction (what group commit can reach at best):%n"
                    + "  %,.0f events/s; p50 %.1f ms, p99 %.1f ms%n", clients, groupedRate,
                    grouped.percentileMillis(50), grouped.percentileMillis(99));
            return 0;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Waits until every event the instance accepted is applied: the backlog drained. */
    private static void drain(App app) {
        if (!app.openLineage().awaitApplied(java.time.Duration.ofMinutes(30))) {
            throw new IllegalStateException("The accepted events were not applied within 30 minutes");
        }
    }

    private static double send(String url, String token, List<String> events, int clients, int expected)
            throws InterruptedException {
        return send(url, token, events, clients, expected, new Latencies());
    }

    /** Sends every event once, spread over {@code clients} threads; answers events per second. */
    private static double send(String url, String token, List<String> events, int clients, int expected,
                               Latencies latencies) throws InterruptedException {
        retried.set(0);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicInteger next = new AtomicInteger();
        List<List<Long>> perClient = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> done = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            List<Long> mine = new ArrayList<>();
            perClient.add(mine);
            done.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < events.size(); i = next.getAndIncrement()) {
                    long s = System.nanoTime();
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(events.get(i))).build();
                    // A 503 is sent again, as the Python client does (the Java client does not retry), and the
                    // event's latency runs from its first try to its answer.
                    BenchClient.Sent sent = BenchClient.send(http, request, retried);
                    HttpResponse<String> r = sent.response();
                    mine.add(System.nanoTime() - s);
                    // A retried event may have been stored by the try that timed out: then it is a duplicate.
                    if (r.statusCode() != expected && !(sent.retries() > 0 && r.statusCode() == 200)) {
                        throw new IOException("HTTP " + r.statusCode() + " " + r.body());
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : done) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("An event was refused: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        perClient.forEach(l -> l.forEach(n -> latencies.add(n, 0)));
        return events.size() / seconds;
    }

    /** Sends the events as NDJSON batches of {@code size} to the batch route, spread over {@code clients}. */
    private static void sendBatches(String url, String token, List<String> events, int clients, int size)
            throws InterruptedException {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < events.size(); i += size) {
            bodies.add(String.join("\n", events.subList(i, Math.min(events.size(), i + size))));
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            done.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/x-ndjson")
                            .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i))).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200 || r.body().contains("\"failed\"")) {
                        throw new IOException("HTTP " + r.statusCode() + " " + r.body().substring(0,
                                Math.min(500, r.body().length())));
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : done) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("A batch was refused: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * {@code count} events of dbt model runs: 40 models in 4 projects, each run a START and a COMPLETE naming two
     * inputs and the model's table with its schema, about 1 KB each as dbt-ol sends them.
     */
    static List<String> events(int count, int firstRun) {
        List<String> out = new ArrayList<>(count);
        for (int run = firstRun; out.size() < count; run++) {
            int model = run % 40;
            String project = "project_" + (model % 4);
            String runId = String.format("0196a5d2-be0c-7000-8000-%012d", run);
            String time = java.time.Instant.parse("2026-10-01T00:00:00Z").plusSeconds(run).toString();
            String end = java.time.Instant.parse("2026-10-01T00:00:00Z").plusSeconds(run).plusMillis(700).toString();
            String job = "model." + project + ".model_" + model;
            String inputs = """
                    [{"namespace":"postgres://warehouse:5432","name":"analytics.%1$s.model_%2$d","facets":{}},
                     {"namespace":"postgres://warehouse:5432","name":"raw.public.source_%3$d","facets":{}}]"""
                    .formatted(project, (model + 39) % 40, model % 10);
            String output = """
                    [{"namespace":"postgres://warehouse:5432","name":"analytics.%s.model_%d","facets":{
                      "dataSource":{"_producer":"%s","_schemaURL":"https://openlineage.io/spec/facets/1-0-1/DatasourceDatasetFacet.json","name":"postgres://warehouse:5432","uri":"postgres://warehouse:5432"},
                      "schema":{"_producer":"%3$s","_schemaURL":"https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json","fields":[
                        {"name":"id","type":"bigint"},{"name":"customer_id","type":"bigint"},{"name":"amount","type":"numeric"},
                        {"name":"created_at","type":"timestamp"}]}}}]""".formatted(project, model, PRODUCER);
            for (String type : new String[] {"START", "COMPLETE"}) {
                if (out.size() == count) {
                    break;
                }
                out.add("""
                        {"eventType":"%s","eventTime":"%s","producer":"%s",
                         "schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
                         "run":{"runId":"%s","facets":{"parent":{"_producer":"%3$s","_schemaURL":"https://openlineage.io/spec/facets/1-1-0/ParentRunFacet.json",
                           "run":{"runId":"0196a5d2-be0c-7000-9000-%012d"},"job":{"namespace":"dbt","name":"dbt-run-%s"}}}},
                         "job":{"namespace":"dbt","name":"%s","facets":{"jobType":{"_producer":"%3$s","_schemaURL":"https://openlineage.io/spec/facets/2-0-3/JobTypeJobFacet.json","processingType":"BATCH","integration":"DBT","jobType":"MODEL"}}},
                         "inputs":%s,"outputs":%s}""".formatted(type, type.equals("START") ? time : end, PRODUCER,
                        runId, run / 40, project, job, inputs, output).replaceAll("\\n\\s*", ""));
            }
        }
        return out;
    }

    private static final String PRODUCER = "https://github.com/OpenLineage/OpenLineage/tree/1.45.0/integration/dbt";
}
