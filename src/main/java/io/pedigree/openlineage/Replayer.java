package io.pedigree.openlineage;

import io.pedigree.lineage.NodeKey;
import io.pedigree.store.Database;
import org.neo4j.driver.Record;

import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** Re-applies stored events to the graph in pages, oldest first, after clearing the folded state of their runs. */
final class Replayer {

    private static final int PAGE = 500;

    private static final String RESET_ONE = """
            MATCH (n:Run {key: $key}) REMOVE n.olSummary RETURN count(n) AS runs
            """;

    private static final String RESET_ALL = """
            MATCH (n:Run) WHERE n.olSummary IS NOT NULL
            REMOVE n.olSummary
            """;

    private static final String COUNT_RUNS = """
            MATCH (n:Run) WHERE n.olRunId IS NOT NULL RETURN count(n) AS runs
            """;

    // Pages by (eventTime, digest), after the last one read, so a page never repeats or skips an event. A refused
    // event was never applied, and a pending one is the applier's to apply (once).
    private static final String PAGE_QUERY = """
            MATCH (e:OlEvent)
            WHERE ($run IS NULL OR e.runKey = $run) AND e.refused IS NULL AND NOT e:OlPending
              AND ($afterTime IS NULL OR e.eventTime > $afterTime
                   OR (e.eventTime = $afterTime AND e.digest > $afterDigest))
            RETURN e.raw AS raw, e.eventTime AS t, e.digest AS digest
            ORDER BY e.eventTime, e.digest LIMIT $limit
            """;

    private final Database db;

    Replayer(Database db) {
        this.db = db;
    }

    Views.Replay replay(NodeKey run, String actor, BiConsumer<List<OlEvent>, String> apply) {
        long runs;
        if (run == null) {
            runs = db.read(tx -> tx.run(COUNT_RUNS).single().get("runs").asLong());
            db.write(tx -> tx.run(RESET_ALL).consume());
        } else {
            runs = db.write(tx -> tx.run(RESET_ONE, Map.of("key", run.toString())).single().get("runs").asLong());
        }
        long events = 0;
        ZonedDateTime afterTime = null;
        String afterDigest = null;
        while (true) {
            Map<String, Object> p = new HashMap<>();
            p.put("run", run == null ? null : run.toString());
            p.put("afterTime", afterTime);
            p.put("afterDigest", afterDigest);
            p.put("limit", PAGE);
            List<Record> page = db.read(tx -> tx.run(PAGE_QUERY, p).list());
            // A page is applied as one group: one transaction of set-based statements.
            apply.accept(page.stream().map(r -> EventParser.parse(r.get("raw").asString())).toList(), actor);
            events += page.size();
            if (page.size() < PAGE) {
                break;
            }
            Record last = page.get(page.size() - 1);
            afterTime = last.get("t").asZonedDateTime();
            afterDigest = last.get("digest").asString();
        }
        return new Views.Replay(events, runs);
    }
}
