package io.pedigree;

import io.pedigree.config.Config;
import io.pedigree.export.ExportReport;
import io.pedigree.export.ImportReport;
import io.pedigree.error.PedigreeException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The {@code export} and {@code import} commands: start the instance the environment names (the embedded Neo4j in
 * the data directory, or NEO4J_URI) without serving, and write or load an export directory.
 */
final class BackupCommands {

    private BackupCommands() {
    }

    static int run(String name, List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        // The command serves nothing: a free port, on loopback, so it can run beside a server on NEO4J_URI.
        Map<String, String> quiet = new HashMap<>(env);
        quiet.put("PEDIGREE_PORT", "0");
        quiet.put("PEDIGREE_BIND", "127.0.0.1");
        quiet.putIfAbsent("PEDIGREE_EMBEDDED_BOLT_PORT", "0");
        Object command = name.equals("export") ? new Export(quiet, out) : new Import(quiet, out);
        CommandLine cli = new CommandLine(command)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler((e, line, parsed) -> {
                    if (e instanceof PedigreeException p) {
                        err.println(name + " failed: " + p.detail());
                        return 1;
                    }
                    throw e;
                });
        return cli.execute(args.toArray(String[]::new));
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the whole instance (graph, registry, governance, token hashes, audit log and"
                    + " checkpoints; sessions excluded) as JSON Lines files and a manifest into a new directory.")
    static final class Export implements Callable<Integer> {
        private final Map<String, String> env;
        private final PrintStream out;

        @Option(names = "--out", required = true, description = "Directory to create (or an empty one).")
        Path dir;

        @Option(names = "--with-artifacts", description = "Also copy every artifact's bytes.")
        boolean withArtifacts;

        Export(Map<String, String> env, PrintStream out) {
            this.env = env;
            this.out = out;
        }

        @Override
        public Integer call() {
            try (App app = App.start(Config.fromMap(env), Clock.systemUTC())) {
                ExportReport r = app.backups().exportTo(dir, withArtifacts);
                out.printf("Exported %d nodes, %d relations, %d artifacts (%d bytes) to %s in %d ms; audit head %d.%n",
                        r.nodes(), r.relations(), r.artifacts(), r.bytes(), dir, r.millis(), r.auditHead().seq());
                return 0;
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Load an export. Every file is checked against the manifest first; into an instance that"
                    + " holds data only with --merge; on any failure nothing stays written.")
    static final class Import implements Callable<Integer> {
        private final Map<String, String> env;
        private final PrintStream out;

        @Option(names = "--in", required = true, description = "Directory an export wrote.")
        Path dir;

        @Option(names = "--merge", description = "Add to an instance that already holds data.")
        boolean merge;

        Import(Map<String, String> env, PrintStream out) {
            this.env = env;
            this.out = out;
        }

        @Override
        public Integer call() {
            try (App app = App.start(Config.fromMap(env), Clock.systemUTC())) {
                ImportReport r = app.backups().importFrom(dir, merge, "cli");
                out.printf("Imported %d nodes (%d already present), %d relations, %d artifacts in %d ms;"
                                + " audit head %d %s.%n", r.nodesCreated(), r.nodesMatched(), r.relationsCreated(),
                        r.artifacts(), r.millis(), r.auditHead().seq(), r.auditHead().hash());
                return 0;
            }
        }
    }
}
