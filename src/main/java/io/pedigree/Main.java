package io.pedigree;

import io.pedigree.bench.Benchmark;
import io.pedigree.config.Config;
import io.pedigree.demo.DemoData;
import io.pedigree.demo.OpenLineageDemo;
import io.pedigree.demo.DemoRegistry;
import io.pedigree.error.PedigreeException.StartupFailure;
import io.pedigree.lineage.WriteSummary;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** The command line: {@code serve [--demo]}, {@code bench [artifacts|graph] [options]}, {@code --help}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs a command with the given environment; returns the process exit code. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        List<String> rest = args.length == 0 ? List.of() : Arrays.asList(args).subList(1, args.length);
        String command = args.length == 0 ? "--help" : args[0];
        try {
            switch (command) {
                case "serve":
                    return serve(rest, Config.fromMap(env), out, err);
                case "bench":
                    return Benchmark.run(rest, Config.fromMap(env), out);
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

    private static int serve(List<String> options, Config config, PrintStream out, PrintStream err) {
        boolean demo = false;
        for (String o : options) {
            if (o.equals("--demo")) {
                demo = true;
            } else {
                err.println("Unknown option for serve: " + o);
                return 64;
            }
        }
        App app = App.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "pedigree-shutdown"));
        if (demo) {
            WriteSummary s = DemoData.load(app.writer());
            out.printf("Demo data loaded: %d nodes created, %d unchanged; %d relations created, %d unchanged.%n",
                    s.nodes().created(), s.nodes().unchanged(), s.relations().created(), s.relations().unchanged());
            if (DemoRegistry.load(app.registry(), app.evaluations(), app.lifecycle())) {
                out.println("Demo registry loaded: model fraud-detector, versions 1 to 5, version 4 in production.");
            }
            int events = OpenLineageDemo.load(app.openLineage(), app.writer());
            out.printf("Demo OpenLineage events loaded: %d new (a dbt project building the fraud features).%n", events);
        }
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
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static void help(PrintStream out) {
        out.println("""
                Pedigree: lineage and provenance for AI/ML assets, on Neo4j.

                Usage:
                  java -jar target/pedigree.jar serve [--demo]   start the server (--demo loads the demo lineage)
                  java -jar target/pedigree.jar bench [options]  run the benchmark (bench --help for options)
                  java -jar target/pedigree.jar bench artifacts  artifact store throughput (bench artifacts --help)
                  java -jar target/pedigree.jar bench graph      node page graph drawing time (bench graph --help)
                  java -jar target/pedigree.jar bench openlineage  OpenLineage ingest rate (bench openlineage --help)
                  java -jar target/pedigree.jar --help           this text

                Configuration (environment variables; PEDIGREE_CONFIG may name a properties file with the same keys):
                """ + Config.describe());
    }
}
