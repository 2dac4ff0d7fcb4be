package io.pedigree;

import io.pedigree.bench.Benchmark;
import io.pedigree.config.Config;
import io.pedigree.demo.DemoData;
import io.pedigree.demo.DemoFields;
import io.pedigree.demo.OpenLineageDemo;
import io.pedigree.demo.DemoRegistry;
import io.pedigree.error.PedigreeException.StartupFailure;
import io.pedigree.lineage.WriteSummary;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The command line: {@code serve [--demo]}, {@code bench [artifacts|graph] [options]}, {@code export}, {@code import},
 * {@code --help}.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs a command with the given environment; returns the process exit code. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(args, env, out, err, null);
    }

    /**
     * As {@link #run(String[], Map, PrintStream, PrintStream)}, but {@code serve} runs until {@code stop} is
     * released instead of until the JVM shuts down (when {@code stop} is null).
     */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, CountDownLatch stop) {
        List<String> rest = args.length == 0 ? List.of() : Arrays.asList(args).subList(1, args.length);
        String command = args.length == 0 ? "--help" : args[0];
        try {
            switch (command) {
                case "serve":
                    return serve(rest, Config.fromMap(env), out, err, stop);
                case "bench":
                    return Benchmark.run(rest, Config.fromMap(env), out);
                case "export":
                case "import":
                    return BackupCommands.run(command, rest, env, out, err);
                case "--help":
                case "-h":
                case "help":
                    help(out);
                    return 0;
                default:
                    err.println("Unknown command '" + command + "'.");
                    help(err);
                    return 64;
            }
        } catch (StartupFailure e) {
            err.println("Pedigree could not start: " + e.detail());
            return 2;
        }
    }

    private static int serve(List<String> options, Config config, PrintStream out, PrintStream err,
                             CountDownLatch stop) {
        boolean demo = false;
        for (String o : options) {
            if (o.equals("--demo")) {
                demo = true;
            } else {
                err.println("Unknown option for serve: " + o);
                return 64;
            }
        }
        CountDownLatch released = stop == null ? new CountDownLatch(1) : stop;
        CountDownLatch closed = new CountDownLatch(1);
        if (stop == null) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                released.countDown();
                awaitQuietly(closed);
            }, "pedigree-shutdown"));
        }
        try {
            // Not ready until the demo is loaded and the admin token printed: a script that waits for the health
            // check can then read the token, and finds the demo complete.
            try (App app = App.starting(config, Clock.systemUTC())) {
                if (demo) {
                    loadDemo(app, out);
                }
                printBanner(app, demo, out);
                app.ready();
                awaitQuietly(released);
            }
            return 0;
        } finally {
            closed.countDown();
        }
    }

    private static void loadDemo(App app, PrintStream out) {
        long started = System.nanoTime();
        WriteSummary s = DemoData.load(app.writer());
        out.printf("Demo data loaded: %d nodes created, %d unchanged; %d relations created, %d unchanged.%n",
                s.nodes().created(), s.nodes().unchanged(), s.relations().created(), s.relations().unchanged());
        // The registry story and the OpenLineage events both build on the lineage above, not on each other, and a
        // first start spends its time planning each one's queries on one core: load them side by side.
        java.util.concurrent.CompletableFuture<Integer> events = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> OpenLineageDemo.load(app.openLineage(), app.writer()));
        if (DemoRegistry.load(app.registry(), app.models(), app.versions(), app.evaluations(),
                app.lifecycle())) {
            out.println("Demo registry loaded: model fraud-detector, versions 1 to 5, version 4 in production.");
        }
        out.printf("Demo OpenLineage events loaded: %d new (a dbt project building the fraud features).%n",
                events.join());
        DemoFields.load(app.fieldWriter());
        out.println("Demo fields loaded: transactions-raw#card_number traces to the fraud model's features.");
        LOG.info("Demo loaded in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    private static void printBanner(App app, boolean demo, PrintStream out) {
        out.println();
        out.println("  Pedigree " + App.VERSION + " is running at " + app.url());
        out.println("  API: " + app.url() + "api/v1   OpenAPI: " + app.url() + "api/openapi.json");
        app.embedded().ifPresent(e -> out.println("  Embedded Neo4j: " + e.home() + ", Bolt " + e.boltUri()
                + " (no auth, loopback only)"));
        app.newAdminToken().ifPresentOrElse(
                t -> {
                    out.println("  Admin token (shown only this once; keep it):");
                    out.println("    " + t);
                },
                () -> out.println("  Admin token: the one printed on first start, or PEDIGREE_ADMIN_TOKEN."));
        if (demo) {
            out.println("  Try: curl -H \"Authorization: Bearer <token>\" '" + app.url()
                    + "api/v1/impact?key=dataset:transactions-raw@2026-09-01'");
            out.println("       curl -H \"Authorization: Bearer <token>\" '" + app.url()
                    + "api/v1/deployments/fraud-api-prod/rollback-plan'");
        }
        out.println("  Stop with Ctrl-C.");
        out.println();
        out.flush();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void help(PrintStream out) {
        out.println("""
                Pedigree: lineage and provenance for AI/ML assets, on Neo4j.

                Usage:
                  java -jar target/pedigree.jar serve [--demo]   start the server (--demo loads the demo lineage)
                  java -jar target/pedigree.jar bench [options]  run the benchmark (bench --help for options)
                  java -jar target/pedigree.jar export --out DIR [--with-artifacts]   full export (docs/export.md)
                  java -jar target/pedigree.jar import --in DIR [--merge]             restore an export
                  java -jar target/pedigree.jar bench artifacts  artifact store throughput (bench artifacts --help)
                  java -jar target/pedigree.jar bench graph      node page graph drawing time (bench graph --help)
                  java -jar target/pedigree.jar bench export     full export and import time (bench export --help)
                  java -jar target/pedigree.jar bench openlineage  OpenLineage ingest rate (bench openlineage --help)
                  java -jar target/pedigree.jar bench ingest     batch API against plain UNWIND CREATE (bench ingest --help)
                  java -jar target/pedigree.jar --help           this text

                Configuration (environment variables; PEDIGREE_CONFIG may name a properties file with the same keys):
                """ + Config.describe());
    }
}
