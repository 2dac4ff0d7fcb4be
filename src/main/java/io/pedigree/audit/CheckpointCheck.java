package io.pedigree.audit;

import io.pedigree.store.Database;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a chain that holds together by itself against signed checkpoints: each names an event and its hash, so
 * a rewrite that recomputed every hash from some event on (and the head with them) still contradicts any
 * checkpoint made after that event, and a log cut short contradicts any checkpoint beyond its end.
 */
final class CheckpointCheck {

    /** A checkpoint and where it came from, for the report. */
    record Held(Checkpoint checkpoint, String source) {
    }

    private static final String HASHES = """
            UNWIND $seqs AS s
            MATCH (e:AuditEvent {seq: s})
            RETURN e.seq AS seq, e.hash AS hash
            """;

    private final Database db;

    CheckpointCheck(Database db) {
        this.db = db;
    }

    Verification check(Verification chain, List<Held> held) {
        List<Long> seqs = held.stream().map(h -> h.checkpoint().seq()).filter(s -> s > 0).distinct().toList();
        Map<Long, String> hashes = new HashMap<>();
        hashes.put(0L, AuditEvent.GENESIS);
        db.read(tx -> tx.run(HASHES, Map.of("seqs", seqs)).list())
                .forEach(r -> hashes.put(r.get("seq").asLong(), r.get("hash").asString()));
        // The oldest contradiction first: the rewrite began at or before the event it names.
        Held first = null;
        String problem = null;
        for (Held h : held) {
            Checkpoint c = h.checkpoint();
            String found = hashes.get(c.seq());
            String p = null;
            if (c.seq() > chain.head().seq()) {
                p = "checkpoint mismatch: the " + h.source() + " signed at " + c.at() + " records event " + c.seq()
                        + ", but the log ends at event " + chain.head().seq() + "; events were removed from the end";
            } else if (found == null) {
                p = "checkpoint mismatch: the " + h.source() + " signed at " + c.at() + " records event " + c.seq()
                        + ", which is missing";
            } else if (!found.equals(c.hash())) {
                p = "checkpoint mismatch: event " + c.seq() + " has hash " + found + ", but the " + h.source()
                        + " signed at " + c.at() + " records " + c.hash() + "; the chain was rewritten from event "
                        + c.seq() + " or earlier";
            }
            if (p != null && (first == null || c.seq() < first.checkpoint().seq())) {
                first = h;
                problem = p;
            }
        }
        if (first != null) {
            return Verification.broken(chain.checked(), chain.head(), first.checkpoint().seq(), problem)
                    .withCheckpoints(held.size());
        }
        return chain.withCheckpoints(held.size());
    }
}
