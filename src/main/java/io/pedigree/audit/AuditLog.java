package io.pedigree.audit;

import io.pedigree.store.Database;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tamper-evident audit log: an append-only hash chain of events, each written in the same transaction as the
 * change it records, so there is never a change without its event or an event without its change. It is read in
 * pages, verified link by link and exported as a stream; nothing here changes or removes an event.
 */
public final class AuditLog {

    // Locking the head serializes appends. Callers append last in their transaction, after taking every other
    // lock they need, so waiting for the head never closes a cycle of waits.
    private static final String LOCK_HEAD = """
            MERGE (h:AuditHead {id: 'audit'})
            ON CREATE SET h.seq = 0, h.hash = $genesis
            SET h._lock = true
            REMOVE h._lock
            """;

    // Read only after the lock is held, so it sees the last committed append, and the time it was made at.
    private static final String READ_HEAD = """
            MATCH (h:AuditHead {id: 'audit'})
            OPTIONAL MATCH (last:AuditEvent {seq: h.seq})
            RETURN h.seq AS seq, h.hash AS hash, last.at AS at
            """;

    // Each key the event names gets a link to its AuditTarget node, so filtering by key is an index seek on
    // the target's key and a walk of its links, not a scan of every event's list of keys.
    private static final String APPEND = """
            MATCH (h:AuditHead {id: 'audit'})
            CREATE (e:AuditEvent)
            SET e = $event
            SET h.seq = $event.seq, h.hash = $event.hash
            WITH e
            UNWIND $keys AS key
            MERGE (t:AuditTarget {key: key})
            CREATE (e)-[:CONCERNS]->(t)
            """;

    /** How many events verification and export read per transaction. */
    static final int WALK_PAGE = 1000;

    private final Database db;
    private final Clock clock;
    private final AuditReader reader;

    public AuditLog(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.reader = new AuditReader(db);
    }

    /** One page of the events {@code query} selects, oldest first. */
    public AuditPage read(AuditQuery query) {
        return reader.page(query);
    }

    /** The newest {@code count} events, newest first. */
    public List<AuditEvent> latest(int count) {
        if (count < 1 || count > AuditQuery.MAX_LIMIT) {
            throw new IllegalArgumentException("count must be between 1 and " + AuditQuery.MAX_LIMIT);
        }
        return reader.latest(count);
    }

    /** Walks the whole chain and reports its first broken link, if any. */
    public Verification verify() {
        return verify(1, null);
    }

    /**
     * Walks events {@code first} to {@code last} (null: to the head), checking the first against the hash of the
     * one before it; the head is checked only when the range reaches it.
     */
    public Verification verify(long first, Long last) {
        if (first < 1) {
            throw new IllegalArgumentException("Events are numbered from 1");
        }
        return new ChainVerifier(db, WALK_PAGE).verify(first, last);
    }

    /** Events {@code first} to {@code last} as an auditor checks them offline; see {@link ChainLink}. */
    public List<ChainLink> links(long first, long last) {
        return new ChainLinks(db, WALK_PAGE).read(first, last);
    }

    /** Streams every event {@code query} selects, oldest first, to {@code out}, which is left open. */
    public void export(AuditQuery query, ExportFormat format, OutputStream out) throws IOException {
        new AuditExport(reader, WALK_PAGE).write(query, format, out);
    }

    /**
     * Appends an event inside {@code tx}. Call it last in the transaction: it takes the log's lock, which is held
     * until the transaction ends.
     */
    public AuditEvent append(TransactionContext tx, String actor, AuditEntry entry) {
        return append(tx, actor, entry, List.of());
    }

    /**
     * Appends an event that touched {@code moreKeys} besides those it names (a large batch): they are kept as an
     * index for the target filter, in a few nodes, rather than linked one by one (see {@link AuditKeys}).
     */
    public AuditEvent append(TransactionContext tx, String actor, AuditEntry entry, java.util.Collection<String> moreKeys) {
        lockHead(tx);
        Record head = tx.run(READ_HEAD).single();
        // The event's time is taken under the lock and never before the last event's, so times never go
        // backwards along the chain, even when another instance whose clock runs ahead appended it.
        Instant at = clock.instant();
        if (!head.get("at").isNull() && head.get("at").asZonedDateTime().toInstant().isAfter(at)) {
            at = head.get("at").asZonedDateTime().toInstant();
        }
        // The details are serialised once, here; the chain hashes this text as stored, never a re-serialisation.
        String storedDetails = Digest.canonicalJson(entry.details());
        String contentDigest = AuditEvent.contentDigest(actor, entry.target(), entry.targets(), entry.reason(),
                storedDetails);
        AuditEvent unsigned = new AuditEvent(head.get("seq").asLong() + 1, at, actor, entry.action(), entry.target(),
                entry.targets(), entry.before(), entry.after(), entry.reason(), entry.details(),
                head.get("hash").asString(), null, contentDigest, null);
        AuditEvent event = new AuditEvent(unsigned.seq(), at, actor, unsigned.action(), unsigned.target(),
                unsigned.targets(), unsigned.before(), unsigned.after(), unsigned.reason(), unsigned.details(),
                unsigned.prevHash(), unsigned.expectedHash(), contentDigest, null);
        Map<String, Object> properties = toProperties(event, storedDetails);
        tx.run(APPEND, Map.of("event", properties, "keys", keys(event))).consume();
        AuditKeys.write(tx, event.seq(), moreKeys);
        return event;
    }

    // LOCK_HEAD and READ_HEAD in one round trip: the head is read in the statement that locked it.
    // replan=skip (here and in APPEND_ALL): both run under the chain's lock, so a new plan for a growing store
    // (the same seeks) would hold up every writer while it is made.
    private static final String LOCK_AND_READ_HEAD = """
            CYPHER replan=skip
            MERGE (h:AuditHead {id: 'audit'})
            ON CREATE SET h.seq = 0, h.hash = $genesis
            SET h._lock = true
            REMOVE h._lock
            RETURN h.seq AS seq, h.hash AS hash
            """;

    // Many events in one statement: each links to the keys it names, and the head moves to the last of them.
    // Events of a group name mostly the same keys (their datasets, jobs, parent runs), so each target is merged
    // once, and each event names its targets by their place in that list (collect keeps UNWIND's order).
    private static final String APPEND_ALL = """
            CYPHER replan=skip
            MATCH (h:AuditHead {id: 'audit'})
            SET h.seq = $seq, h.hash = $hash
            WITH h
            CALL () {
                UNWIND $targets AS key
                MERGE (t:AuditTarget {key: key})
                RETURN collect(t) AS targets
            }
            UNWIND $events AS row
            CREATE (e:AuditEvent)
            SET e = row.event
            WITH e, row, targets
            UNWIND row.targets AS i
            WITH e, targets[i] AS t
            CREATE (e)-[:CONCERNS]->(t)
            """;

    /**
     * Appends {@code entries}, in order, inside {@code tx}, under one lock and in one statement: what a group of
     * changes committed together records. Call it last in the transaction, like {@link #append}.
     */
    public List<AuditEvent> appendAll(TransactionContext tx, String actor, List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        Record head = tx.run(LOCK_AND_READ_HEAD, Map.of("genesis", AuditEvent.GENESIS)).single();
        Instant at = clock.instant();
        long seq = head.get("seq").asLong();
        String prev = head.get("hash").asString();
        List<AuditEvent> out = new java.util.ArrayList<>(entries.size());
        List<Map<String, Object>> rows = new java.util.ArrayList<>(entries.size());
        Map<String, Integer> targets = new java.util.LinkedHashMap<>();
        for (AuditEntry entry : entries) {
            String storedDetails = Digest.canonicalJson(entry.details());
            String contentDigest = AuditEvent.contentDigest(actor, entry.target(), entry.targets(), entry.reason(),
                    storedDetails);
            AuditEvent unsigned = new AuditEvent(++seq, at, actor, entry.action(), entry.target(), entry.targets(),
                    entry.before(), entry.after(), entry.reason(), entry.details(), prev, null, contentDigest, null);
            AuditEvent event = new AuditEvent(seq, at, actor, entry.action(), entry.target(), entry.targets(),
                    entry.before(), entry.after(), entry.reason(), entry.details(), prev, unsigned.expectedHash(),
                    contentDigest, null);
            Map<String, Object> properties = toProperties(event, storedDetails);
            rows.add(Map.of("event", properties, "targets", keys(event).stream()
                    .map(k -> targets.computeIfAbsent(k, x -> targets.size())).toList()));
            out.add(event);
            prev = event.hash();
        }
        tx.run(APPEND_ALL, Map.of("seq", seq, "hash", prev, "events", rows, "targets",
                List.copyOf(targets.keySet()))).consume();
        return out;
    }

    /** Takes the log's lock inside {@code tx}, held until the transaction ends. */
    void lockHead(TransactionContext tx) {
        tx.run(LOCK_HEAD, Map.of("genesis", AuditEvent.GENESIS)).consume();
    }

    /** Erasure of personal data from event content, in the chain's own terms. */
    public Erasures erasures() {
        return new Erasures(this);
    }

    /** Appends an event in a transaction of its own, for changes that are not graph writes. */
    public AuditEvent appendAlone(String actor, AuditEntry entry) {
        return db.write(tx -> append(tx, actor, entry));
    }

    static Map<String, Object> toProperties(AuditEvent e) {
        return toProperties(e, Digest.canonicalJson(e.details()));
    }

    /** The stored properties of {@code e}, whose details were serialised once already as {@code details}. */
    private static Map<String, Object> toProperties(AuditEvent e, String details) {
        Map<String, Object> p = new HashMap<>();
        p.put("seq", e.seq());
        p.put("at", e.at().atZone(ZoneOffset.UTC));
        p.put("actor", e.actor());
        p.put("action", e.action());
        p.put("target", e.target());
        p.put("targets", e.targets());
        p.put("before", e.before());
        p.put("after", e.after());
        p.put("reason", e.reason());
        p.put("details", details);
        p.put("prevHash", e.prevHash());
        p.put("hash", e.hash());
        p.put("contentDigest", e.contentDigest());
        return p;
    }

    /** Every key an event names, each once: what its AuditTarget links point to. */
    static List<String> keys(AuditEvent e) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        if (e.target() != null) {
            out.add(e.target());
        }
        out.addAll(e.targets());
        return List.copyOf(out);
    }

    /** Reads an event back exactly as stored; a tampered event reads back with a hash that no longer fits. */
    @SuppressWarnings("unchecked")
    static AuditEvent fromNode(Value n) {
        Map<String, Object> details;
        try {
            details = Digest.CANONICAL.readValue(n.get("details").asString("{}"), Map.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            details = Map.of("unreadable", n.get("details").asString(""));
        }
        Instant at = n.get("at").asZonedDateTime().toInstant();
        return new AuditEvent(n.get("seq").asLong(), at, n.get("actor").asString(null),
                n.get("action").asString(null), n.get("target").asString(null),
                n.get("targets").isNull() ? List.of() : n.get("targets").asList(Value::asString),
                n.get("before").asString(null), n.get("after").asString(null), n.get("reason").asString(null),
                details, n.get("prevHash").asString(null), n.get("hash").asString(null),
                n.get("contentDigest").asString(null), n.get("erasedBy").isNull() ? null : n.get("erasedBy").asLong());
    }
}
