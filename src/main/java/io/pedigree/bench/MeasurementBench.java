package io.pedigree.bench;

import io.pedigree.App;
import io.pedigree.config.Config;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * {@code bench measurements}: records one measurement a minute for every deployment over the last days through
 * {@code POST /api/v1/measurements}, then times a deployment page's chart query (a month of one metric). Each
 * deployment served version 1 for the first half of the period and version 2 since, so values are attributed to two
 * versions. Its own Pedigree on an embedded Neo4j in a temporary directory.
 */
final class MeasurementBench {

    private static final int PER_BATCH = 10_000;

    private MeasurementBench() {
    }

    /** A clock set back while the serving history is recorded, then put right for the measurements. */
    private static final class ShiftedClock extends Clock {
        private volatile Duration back = Duration.ZERO;

        @Override
        public Instant instant() {
            return Instant.now().minus(back);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    static int run(List<String> args, PrintStream out) throws Exception {
        int deployments = 1_000;
        int days = 30;
        int clients = 2;
        int iterations = 200;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--deployments" -> deployments = Integer.parseInt(args.get(++i));
                case "--days" -> days = Integer.parseInt(args.get(++i));
                case "--clients" -> clients = Integer.parseInt(args.get(++i));
                case "--iterations" -> iterations = Integer.parseInt(args.get(++i));
                case "--help", "-h" -> {
                    out.println("""
                            Usage: java -jar target/pedigree.jar bench measurements [--deployments N] [--days D]
                              --deployments N  deployments measured (default 1000)
                              --days D         days of one-a-minute values per deployment, up to 31 (default 30)
                              --clients C      clients sending batches at once (default 2)
                              --iterations K   timed chart queries (default 200)""");
                    return 0;
                }
                default -> {
                    out.println("Unknown option " + args.get(i) + "; see bench measurements --help");
                    return 64;
                }
            }
        }
        Path dir = Files.createTempDirectory("pedigree-bench");
        String token = "pdg_bench_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Map<String, String> env = new HashMap<>();
        env.put("PEDIGREE_DATA_DIR", dir.toString());
        env.put("PEDIGREE_PORT", System.getenv().getOrDefault("PEDIGREE_PORT", "0"));
        env.put("PEDIGREE_EMBEDDED_BOLT_PORT", System.getenv().getOrDefault("PEDIGREE_EMBEDDED_BOLT_PORT", "0"));
        env.put("PEDIGREE_ADMIN_TOKEN", token);
        env.put("PEDIGREE_QUERY_TIMEOUT_SECONDS", "600");
        ShiftedClock clock = new ShiftedClock();
        try (App app = App.start(Config.fromMap(env), clock)) {
            BenchClient client = new BenchClient("http://127.0.0.1:" + app.port(), token);
            return measure(client, clock, deployments, days, clients, iterations, out);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int measure(BenchClient client, ShiftedClock clock, int deployments, int days, int clients,
                               int iterations, PrintStream out) throws Exception {
        List<String> names = new ArrayList<>();
        for (int d = 0; d < deployments; d++) {
            names.add("bench-" + d);
        }
        clock.back = Duration.ofDays(days + 1L);
        client.send("POST", "/api/v1/batch", Map.of("nodes", List.of(Map.of("key", "run:bench-train@1"),
                Map.of("key", "run:bench-train@2"))));
        client.send("POST", "/api/v1/models", Map.of("name", "bench-fraud", "policy", Map.of("production",
                Map.of("approvals", 0, "cardFields", List.of()))));
        for (String name : names) {
            client.send("PUT", "/api/v1/deployments/" + name, Map.of("environment", "production"));
        }
        for (int v = 1; v <= 2; v++) {
            client.send("POST", "/api/v1/models/bench-fraud/versions", Map.of("run", "run:bench-train@" + v));
            client.send("POST", "/api/v1/models/bench-fraud/versions/" + v + "/transitions",
                    Map.of("to", "staging", "reason", "bench"));
            Map<String, Object> promote = new HashMap<>(Map.of("to", "production", "reason", "bench",
                    "deployments", names));
            if (v == 2) {
                promote.put("replaces", 1);
            }
            client.send("POST", "/api/v1/models/bench-fraud/versions/" + v + "/transitions", promote);
            clock.back = Duration.ofDays((days + 1L) / 2);
        }
        clock.back = Duration.ZERO;

        Instant end = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Instant start = end.minus(Duration.ofDays(days));
        int minutes = days * 1440;
        long total = (long) minutes * deployments;
        out.printf("Recording %,d measurements (%,d deployments x %d days, one a minute) in batches of %,d, %d"
                + " clients at once%n", total, deployments, days, PER_BATCH, clients);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String name : names) {
                done.add(pool.submit(() -> {
                    List<Map<String, Object>> batch = new ArrayList<>(PER_BATCH);
                    for (int m = 0; m < minutes; m++) {
                        Instant at = start.plus(Duration.ofMinutes(m));
                        batch.add(Map.of("deployment", name, "metric", "latency_p95", "unit", "ms",
                                "value", 100 + (m % 97), "start", at.toString()));
                        if (batch.size() == PER_BATCH || m == minutes - 1) {
                            client.send("POST", "/api/v1/measurements", Map.of("measurements", batch));
                            batch = new ArrayList<>(PER_BATCH);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.printf("Ingest: %,d measurements in %.1f s: %,.0f measurements/s (target >= 50,000)%n", total, seconds,
                total / seconds);

        String window = "&from=" + start + "&to=" + end;
        Latencies chart = new Latencies();
        int points = 0;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < iterations; i++) {
                String path = "/api/v1/deployments/" + names.get((i * 7919) % names.size())
                        + "/measurements?metric=latency_p95" + window;
                long s = System.nanoTime();
                BenchClient.Reply r = client.get(path);
                long nanos = System.nanoTime() - s;
                if (r.statusCode() != 200) {
                    throw new IOException("chart query failed: HTTP " + r.statusCode());
                }
                if (round == 1) {
                    points = countPoints(r.body());
                    chart.add(nanos, points);
                }
            }
        }
        out.printf("Chart query (%d days of one metric, %d points, over HTTP, after one warm-up round): p50 %.1f ms,"
                + " p95 %.1f ms, p99 %.1f ms (target p95 < 100 ms)%n", days, points, chart.percentileMillis(50),
                chart.percentileMillis(95), chart.percentileMillis(99));
        return 0;
    }

    private static int countPoints(byte[] body) {
        String s = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        int n = 0;
        for (int i = s.indexOf("\"bucket\""); i >= 0; i = s.indexOf("\"bucket\"", i + 1)) {
            n++;
        }
        return n;
    }
}
