package io.pedigree.audit;

import io.pedigree.store.Database;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import org.neo4j.driver.exceptions.value.ValueException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Walks the audit chain in pages of bounded size, so a log of millions of events is checked in flat memory: seq
 * numbers run from 1 without gaps, each event's hash fits its content, each links to the hash before it, and the
 * head names the last event.
 */
final class ChainVerifier {

    private static final String HEAD = """
            MATCH (h:AuditHead {id: 'audit'})
            RETURN h.seq AS seq, h.hash AS hash
            """;

    private static final String WALK = """
            MATCH (e:AuditEvent)
            WHERE $first <= e.seq <= $last
            RETURN e AS event
            ORDER BY e.seq
            LIMIT $limit
            """;

    private static final String HASH_OF = """
            MATCH (e:AuditEvent {seq: $seq})
            RETURN e.hash AS hash
            """;

    private static final String EVENT = """
            MATCH (e:AuditEvent {seq: $seq})
            RETURN e AS event
            """;

    private static final String BEYOND = """
            MATCH (e:AuditEvent)
            WHERE e.seq > $seq
            RETURN e.seq AS seq
            ORDER BY e.seq
            LIMIT 1
            """;

    private final Database db;
    private final int pageSize;
    /** The erasure records of the erasure events met so far in this walk, by event number. */
    private final Map<Long, Map<Long, Erasures.Record>> erasures = new java.util.HashMap<>();

    ChainVerifier(Database db, int pageSize) {
        this.db = db;
        this.pageSize = pageSize;
    }

    /**
     * Checks events {@code first} to {@code last} (null: to the head). Events appended while the walk runs lie
     * beyond the head it read first, and are left for the next walk.
     */
    Verification verify(long first, Long last) {
        Optional<Verification.Head> recorded = head();
        Verification.Head head = recorded.orElse(new Verification.Head(0, AuditEvent.GENESIS));
        long end = last == null ? head.seq() : Math.min(last, head.seq());
        long checked = 0;
        if (first <= end) {
            String prevHash = AuditEvent.GENESIS;
            if (first > 1) {
                Optional<String> before = hashOf(first - 1);
                if (before.isEmpty()) {
                    return Verification.broken(0, head, first - 1, missing(first - 1, head));
                }
                prevHash = before.get();
            }
            long expected = first;
            while (expected <= end) {
                long from = expected;
                List<Value> page = db.read(tx -> tx.run(WALK, Map.of("first", from, "last", end,
                        "limit", pageSize)).list(r -> r.get("event")));
                if (page.isEmpty()) {
                    return Verification.broken(checked, head, expected, missing(expected, head));
                }
                for (Value node : page) {
                    long seq = node.get("seq").asLong();
                    if (seq != expected) {
                        return Verification.broken(checked, head, expected, missing(expected, head));
                    }
                    String problem = problem(node, prevHash);
                    if (problem != null) {
                        return Verification.broken(checked, head, seq, problem);
                    }
                    prevHash = node.get("hash").asString();
                    expected++;
                    checked++;
                }
            }
            // The walk ended at the head's event: its hash must be the one the head records.
            if (end == head.seq() && !head.hash().equals(prevHash)) {
                return Verification.broken(checked, head, head.seq(), "head mismatch: the head records hash "
                        + head.hash() + " for event " + head.seq() + ", but that event's hash is " + prevHash
                        + "; the last event was replaced");
            }
        }
        if (last != null && last <= head.seq()) {
            return Verification.passed(checked, head);
        }
        Optional<Long> beyond = beyond(head.seq());
        // An append commits its event and the head together; a second look at the head tells an append that
        // raced this walk from an event written past the head behind the log's back.
        if (beyond.isPresent() && head().map(h -> h.seq() < beyond.get()).orElse(true)) {
            return Verification.broken(checked, head, beyond.get(), recorded.isEmpty()
                    ? "head mismatch: event " + beyond.get() + " exists but the log has no head; the head was removed"
                    : "head mismatch: event " + beyond.get() + " lies beyond the head (event " + head.seq()
                    + "); it was added outside the audit log");
        }
        return Verification.passed(checked, head);
    }

    /** What is wrong with one event given the hash of the one before it, or null when it holds. */
    private String problem(Value node, String prevHash) {
        AuditEvent e;
        String content;
        try {
            e = AuditLog.fromNode(node);
            content = e.contentDigest() == null && e.erasedBy() == null ? null
                    : AuditEvent.contentDigest(e.target(), e.targets(), e.reason(), node.get("details").asString());
        } catch (ValueException ex) {
            return "unreadable: event " + node.get("seq").asLong() + " has a field of the wrong type or none at"
                    + " all; it was edited after it was written";
        }
        if (e.erasedBy() != null) {
            String erased = erasure(e, content);
            if (erased != null) {
                return erased;
            }
        } else if (e.contentDigest() != null && !e.contentDigest().equals(content)) {
            return "hash mismatch: event " + e.seq() + "'s content does not match its content digest; it was edited"
                    + " after it was written";
        }
        // An erased event written before content digests cannot be re-hashed: its erasure event vouches for it.
        boolean rehash = e.erasedBy() == null || e.contentDigest() != null;
        if (e.hash() == null || (rehash && !e.hash().equals(e.expectedHash(node.get("details").asString(null))))) {
            return "hash mismatch: event " + e.seq() + "'s content does not match its hash; it was edited after"
                    + " it was written";
        }
        if (!prevHash.equals(e.prevHash())) {
            return "prevHash mismatch: event " + e.seq() + " does not link to the hash of event " + (e.seq() - 1)
                    + "; an earlier event was replaced, or this one re-linked";
        }
        return null;
    }

    /**
     * Checks an event whose personal data was erased against what its erasure event recorded (that event is
     * itself in the chain): the event's hash, and the digest of its content after the erasure.
     */
    private String erasure(AuditEvent e, String content) {
        Map<Long, Erasures.Record> recorded = erasures.computeIfAbsent(e.erasedBy(), this::erasedBy);
        Erasures.Record r = recorded.get(e.seq());
        if (r == null) {
            return "hash mismatch: event " + e.seq() + " claims an erasure by event " + e.erasedBy()
                    + " that does not record it; it was edited after it was written";
        }
        if (!r.hash().equals(e.hash()) || !r.contentDigest().equals(content)) {
            return "hash mismatch: event " + e.seq() + "'s content does not match what erasure event "
                    + e.erasedBy() + " recorded; it was edited after it was written";
        }
        return null;
    }

    private Map<Long, Erasures.Record> erasedBy(long seq) {
        List<Value> found = db.read(tx -> tx.run(EVENT, Map.of("seq", seq)).list(r -> r.get("event")));
        if (found.isEmpty()) {
            return Map.of();
        }
        Value n = found.get(0);
        if (!Erasures.ACTION.equals(n.get("action").asString(null))) {
            return Map.of();
        }
        // The erasure event's own content is checked against its own digest when the walk reaches it.
        return Erasures.recorded(n.get("details").asString("{}"));
    }

    private static String missing(long seq, Verification.Head head) {
        if (seq == head.seq()) {
            return "head mismatch: the head records event " + seq + " as the last, but there is no such event;"
                    + " the last event was removed";
        }
        return "gap: event " + seq + " is missing (the head records " + head.seq() + " events); it was deleted";
    }

    private Optional<Verification.Head> head() {
        return db.read(tx -> tx.run(HEAD).list()).stream().findFirst()
                .map(r -> new Verification.Head(r.get("seq").asLong(), r.get("hash").asString()));
    }

    private Optional<String> hashOf(long seq) {
        return db.read(tx -> tx.run(HASH_OF, Map.of("seq", seq)).list()).stream().findFirst()
                .map(r -> r.get("hash").asString(null));
    }

    private Optional<Long> beyond(long seq) {
        List<Record> rows = db.read(tx -> tx.run(BEYOND, Map.of("seq", seq)).list());
        return rows.stream().findFirst().map(r -> r.get("seq").asLong());
    }
}
