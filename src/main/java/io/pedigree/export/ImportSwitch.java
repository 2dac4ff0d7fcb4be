package io.pedigree.export;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The last step of an import, from staged nodes to real ones, and what a process that died on the way left.
 *
 * <p>The switch runs in batches, so it cannot be one transaction. Before it starts, a {@code PedigreeImportRun}
 * node records the run with everything needed to finish it (its label groups, whether it merges, its counts); it
 * goes in the same transaction as the switch's end. Every step is idempotent. So at the next start (or import):
 * a run with a record had all of its data staged and checked, and is finished; staged nodes without one are from
 * an import that died before its switch, and are removed, giving the first-start records back.
 */
final class ImportSwitch {

    private static final Logger LOG = LoggerFactory.getLogger(ImportSwitch.class);

    /** The label of a run's record; no query of Pedigree's reads it and the export leaves it out. */
    static final String RUN = "PedigreeImportRun";

    private static final String BEGIN = """
            CREATE (m:PedigreeImportRun)
            SET m = $run, m.phase = 'switching'
            """;
    private static final String PHASE = """
            MATCH (m:PedigreeImportRun {run: $run})
            SET m.phase = $phase
            """;
    private static final String END = """
            MATCH (m:PedigreeImportRun {run: $run})
            DELETE m
            """;
    private static final String RECORDED = """
            MATCH (m:PedigreeImportRun)
            RETURN properties(m) AS m
            """;
    private static final String DELETE_RUN = """
            MATCH (n) WHERE n._importRun = $run
            CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS
            """;
    private static final String RELEASE_REFS = """
            MATCH (n:PedigreeImport) WHERE n._importRef = $run
            CALL (n) { REMOVE n:PedigreeImport, n._importId, n._importRef } IN TRANSACTIONS OF 5000 ROWS
            """;
    private static final String FINISH_RUN = """
            MATCH (n) WHERE n._importRun = $run
            CALL (n) { REMOVE n._importRun } IN TRANSACTIONS OF 5000 ROWS
            """;
    private static final String DELETE_REPLACED = """
            MATCH (n:PedigreeReplaced)
            CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS
            """;
    // Before its record exists a run's nodes all carry the staging label, so no scan of every node is needed.
    private static final String LEFTOVERS = """
            OPTIONAL MATCH (s:PedigreeImport) WHERE s._importRef IS NULL
            WITH count(s) AS nodes
            OPTIONAL MATCH (h:PedigreeReplaced)
            RETURN nodes, count(h) AS hidden
            """;
    private static final String LEFTOVER_STAGING = """
            MATCH (n:PedigreeImport) WHERE n._importRef IS NULL
            CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS
            """;
    private static final String LEFTOVER_REFS = """
            MATCH (n:PedigreeImport) WHERE n._importRef IS NOT NULL
            CALL (n) { REMOVE n:PedigreeImport, n._importId, n._importRef } IN TRANSACTIONS OF 5000 ROWS
            """;

    /** One import run, as its record holds it. */
    record Run(String id, boolean merge, List<List<String>> groups, long created, long matched, long relations,
               String exportedAt, String actor) {

        Map<String, Object> properties() {
            Map<String, Object> m = new HashMap<>();
            m.put("run", id);
            m.put("merge", merge);
            m.put("groups", groups.stream().map(g -> String.join(":", g)).toList());
            m.put("created", created);
            m.put("matched", matched);
            m.put("relations", relations);
            m.put("exportedAt", exportedAt);
            m.put("actor", actor);
            return m;
        }

        static Run of(org.neo4j.driver.Value m) {
            List<List<String>> groups = m.get("groups").asList(v -> Arrays.asList(v.asString().split(":")));
            return new Run(m.get("run").asString(), m.get("merge").asBoolean(), groups, m.get("created").asLong(),
                    m.get("matched").asLong(), m.get("relations").asLong(), m.get("exportedAt").asString(),
                    m.get("actor").asString());
        }
    }

    private final Database db;
    private final AuditLog audit;
    private final Consumer<String> step;

    /** {@code step} hears each step of a switch by name (a test's seam to stop a process half-way). */
    ImportSwitch(Database db, AuditLog audit, Consumer<String> step) {
        this.db = db;
        this.audit = audit;
        this.step = step;
    }

    /** Records the run, whose nodes and relations are all staged, before its switch begins. */
    void begin(Run run) {
        step.accept("begin");
        db.write(tx -> tx.run(BEGIN, Map.of("run", run.properties())).consume());
    }

    /** Gives the staged run's nodes their real labels, hiding the first-start records they replace. */
    void relabel(Run run) {
        if (!run.merge()) {
            for (String label : GraphImport.FIRST_START) {
                db.write(tx -> tx.run(ExportQueries.hide(label)).consume());
            }
        }
        for (int g = 0; g < run.groups().size(); g++) {
            String query = ExportQueries.flip(run.groups().get(g));
            int group = g;
            long flipped;
            do {
                flipped = db.write(tx -> tx.run(query, Map.of("group", group, "batch", GraphImport.BATCH)).single()
                        .get("flipped").asLong(), 10);
                step.accept("flipped");
            } while (flipped > 0);
        }
        // Markers go next, in batches: from here the hide above must not run again (it would hide this run's nodes).
        db.write(tx -> tx.run(PHASE, Map.of("run", run.id(), "phase", "finishing")).consume());
    }

    /** Ends a relabelled run: removes its markers and the replaced records, and audits a merge; idempotent. */
    void finish(Run run) {
        step.accept("finishing");
        db.inTransactions(FINISH_RUN, Map.of("run", run.id()));
        db.inTransactions(RELEASE_REFS, Map.of("run", run.id()));
        if (!run.merge()) {
            db.inTransactions(DELETE_REPLACED, Map.of());
        }
        db.write(tx -> {
            if (run.merge()) {
                Map<String, Object> after = new HashMap<>();
                after.put("exportedAt", run.exportedAt());
                after.put("nodesCreated", run.created() - run.matched());
                after.put("nodesMatched", run.matched());
                after.put("relationsCreated", run.relations());
                audit.append(tx, run.actor(), AuditEntry.of("export.merge", "graph:import", null, after,
                        "merged an export made " + run.exportedAt()));
            }
            tx.run(END, Map.of("run", run.id())).consume();
            return null;
        });
    }

    /** Undoes a run that failed in this process: deletes what it wrote and gives hidden records back. */
    void rollback(String run) {
        // A process that dies while undoing must undo the rest at its next start, not finish what is left.
        db.write(tx -> tx.run(PHASE, Map.of("run", run, "phase", "rolling-back")).consume());
        db.inTransactions(DELETE_RUN, Map.of("run", run));
        db.inTransactions(RELEASE_REFS, Map.of("run", run));
        unhide();
        db.write(tx -> tx.run(END, Map.of("run", run)).consume());
    }

    private void unhide() {
        for (String label : GraphImport.FIRST_START) {
            db.write(tx -> tx.run(ExportQueries.unhide(label)).consume());
        }
    }

    /**
     * Deals with what an import that died left behind: a recorded run is finished, unrecorded staging removed.
     * Answers what was done, or nothing when there was nothing to do.
     */
    Optional<String> recover() {
        List<Run> recorded = new ArrayList<>();
        db.read(tx -> {
            tx.run(RECORDED).forEachRemaining(r -> recorded.add(Run.of(r.get("m"))));
            return null;
        });
        List<String> done = new ArrayList<>();
        for (Run run : recorded) {
            String phase = db.read(tx -> tx.run("MATCH (m:PedigreeImportRun {run: $run}) RETURN m.phase AS p",
                    Map.of("run", run.id())).single().get("p").asString());
            LOG.warn("An import (run {}, {}) was stopped during its final switch ({}); {} it", run.id(),
                    run.merge() ? "merge" : "into an empty instance", phase,
                    phase.equals("rolling-back") ? "undoing" : "finishing");
            if (phase.equals("rolling-back")) {
                rollback(run.id());
                done.add("undid the failed import of an export made " + run.exportedAt());
                continue;
            }
            if (phase.equals("switching")) {
                relabel(run);
            }
            finish(run);
            done.add("finished the import of an export made " + run.exportedAt() + " (" + (run.created()
                    - run.matched()) + " nodes, " + run.relations() + " relations), stopped during its final switch");
        }
        var left = db.read(tx -> tx.run(LEFTOVERS).single());
        long nodes = left.get("nodes").asLong();
        long hidden = left.get("hidden").asLong();
        if (nodes > 0 || hidden > 0) {
            LOG.warn("An import stopped before its final switch left {} staged nodes; removing them", nodes);
            db.inTransactions(LEFTOVER_STAGING, Map.of());
            db.inTransactions(LEFTOVER_REFS, Map.of());
            unhide();
            String what = "removed " + nodes + " nodes staged by an import that stopped before its final switch";
            audit.appendAlone("pedigree", AuditEntry.of("export.import-removed", "graph:import", null,
                    Map.of("nodesRemoved", nodes), what));
            done.add(what);
        } else {
            db.inTransactions(LEFTOVER_REFS, Map.of());
        }
        return done.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", done));
    }
}
