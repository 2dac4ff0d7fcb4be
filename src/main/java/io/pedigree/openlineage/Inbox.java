package io.pedigree.openlineage;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.error.PedigreeException;
import io.pedigree.store.Database;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two halves of single-event ingest. Accepting stores a group of events as received, marked
 * {@code :OlPending}, in one short transaction, and refuses at once an event naming a retracted key. Applying
 * (for the {@link Applier}) claims pending events by removing the mark and applies them in the same transaction,
 * so an event is applied exactly once whichever instance gets to it, and a crash leaves it pending, never lost.
 */
final class Inbox implements Applier.Work {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Inbox.class);

    /** What applying a claimed group in a transaction does; supplied by {@link OpenLineage}. */
    interface Apply {
        void apply(TransactionContext tx, List<OlEvent> events, String actor, ZonedDateTime now);
    }

    // One statement per group: an event stored before is a duplicate whatever happened to its keys since (a
    // client's retry gets 200, never 409); any other is stored unless it names a retracted key. Rows have distinct
    // digests; of two instances storing one event at once, the second's MERGE finds the first's.
    private static final String ACCEPT = """
            CYPHER replan=skip
            UNWIND $events AS row
            OPTIONAL MATCH (old:OlEvent {digest: row.digest})
            WITH row, old IS NOT NULL AS already
            %s
            CALL (row, already, retracted) {
              WITH row WHERE NOT already AND size(retracted) = 0
              MERGE (e:OlEvent {digest: row.digest})
              ON CREATE SET e += row.fields, e:OlPending, e.pendingSince = $now, e._created = true
              WITH e, coalesce(e._created, false) AS created
              REMOVE e._created
              RETURN collect(created) AS stored
            }
            RETURN row.digest AS digest, retracted, coalesce(stored[0], false) AS created
            """.formatted(RetractedAtAccept.CHECK);

    // The event's write lock is taken before its mark is read, so of two instances claiming it at once the second
    // waits for the first to commit, then finds no mark: an event is applied exactly once.
    private static final String CLAIM = """
            CYPHER replan=skip
            UNWIND $digests AS digest
            MATCH (e:OlEvent {digest: digest})
            SET e._claim = true
            REMOVE e._claim
            WITH e, digest WHERE e:OlPending
            REMOVE e:OlPending, e.pendingSince
            RETURN collect(digest) AS claimed
            """;

    private static final String REFUSE = """
            MATCH (e:OlEvent {digest: $digest})
            SET e._claim = true
            REMOVE e._claim
            WITH e WHERE e:OlPending
            REMOVE e:OlPending, e.pendingSince
            SET e.refused = $reason, e.refusedAt = $now
            RETURN count(e) AS refused
            """;

    private static final String ORPHANS = """
            MATCH (e:OlPending) WHERE e.pendingSince <= $before
            RETURN e.digest AS digest, e.raw AS raw, e.receivedBy AS actor
            ORDER BY e.pendingSince LIMIT $limit
            """;

    private final Database db;
    private final AuditLog audit;
    private final Clock clock;
    private final Apply apply;

    Inbox(Database db, AuditLog audit, Clock clock, Apply apply) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
        this.apply = apply;
    }

    /**
     * Stores {@code events} (one actor's) as pending in one transaction; answers per event an
     * {@link Views.Ingested} (created or duplicate) or the conflict it is refused with, and the events stored now.
     */
    Accepted accept(List<OlEvent> events, String actor) {
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        Map<String, OlEvent> distinct = new LinkedHashMap<>();
        events.forEach(e -> distinct.putIfAbsent(e.digest(), e));
        List<Map<String, Object>> rows = distinct.values().stream().map(e -> {
            Map<String, Object> row = new HashMap<>(RetractedAtAccept.named(e));
            row.put("digest", e.digest());
            row.put("fields", EventStore.fields(e, now, actor));
            return row;
        }).toList();
        Map<String, PedigreeException.Conflict> refused = new HashMap<>();
        Set<String> created = new HashSet<>();
        db.write(tx -> {
            // Cleared first: a transaction retried after a transient failure answers afresh.
            refused.clear();
            created.clear();
            tx.run(ACCEPT, Map.of("events", rows, "now", now)).forEachRemaining(r -> {
                List<String> retracted = r.get("retracted").asList(Value::asString);
                if (!retracted.isEmpty()) {
                    refused.put(r.get("digest").asString(), Retracted.conflict(retracted));
                } else if (r.get("created").asBoolean()) {
                    created.add(r.get("digest").asString());
                }
            });
            return null;
        });
        List<Object> answers = new ArrayList<>();
        List<OlEvent> stored = new ArrayList<>();
        for (OlEvent e : events) {
            if (refused.containsKey(e.digest())) {
                answers.add(refused.get(e.digest()));
                continue;
            }
            // The first of identical events in the group is the one stored; the others are its duplicates.
            boolean isNew = created.remove(e.digest());
            if (isNew) {
                stored.add(e);
            }
            answers.add(new Views.Ingested(isNew ? "created" : "duplicate", e.digest(),
                    OpenLineage.subject(e).toString()));
        }
        return new Accepted(answers, stored);
    }

    /** Per event, its answer; and the events stored now, in order, for the applier. */
    record Accepted(List<Object> answers, List<OlEvent> stored) {
    }

    @Override
    public void apply(List<Applier.Accepted> group) {
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        db.write(tx -> {
            applyClaimed(tx, group, now);
            return null;
        });
    }

    private void applyClaimed(TransactionContext tx, List<Applier.Accepted> group, ZonedDateTime now) {
        // Sorted, so that two instances claiming overlapping groups take the locks in one order.
        Set<String> claimed = new HashSet<>(tx.run(CLAIM, Map.of("digests", group.stream()
                .map(a -> a.event().digest()).distinct().sorted().toList())).single().get("claimed")
                .asList(Value::asString));
        Map<String, List<OlEvent>> byActor = new LinkedHashMap<>();
        for (Applier.Accepted a : group) {
            if (claimed.remove(a.event().digest())) {
                byActor.computeIfAbsent(a.actor(), k -> new ArrayList<>()).add(a.event());
            }
        }
        byActor.forEach((actor, events) -> apply.apply(tx, events, actor, now));
    }

    @Override
    public void applyEach(List<Applier.Accepted> group) {
        for (Applier.Accepted a : group) {
            try {
                apply(List.of(a));
            } catch (PedigreeException.Unavailable | PedigreeException.QueryTimeout away) {
                // Left pending, not refused: nothing is wrong with the event, and a sweep applies it later.
                LOG.warn("Event {} stays pending: {}",
                        a.event().digest(), away.getMessage());
            } catch (RuntimeException refused) {
                if (Thread.currentThread().isInterrupted()) {
                    // The instance is stopping, which may be why it failed: left pending for a sweep.
                    return;
                }
                refuse(a.event().digest(), OpenLineage.subject(a.event()).toString(), a.actor(), refused);
            }
        }
    }

    /** Records that a stored event cannot be applied, and why; it stays stored, and is audited. */
    private void refuse(String digest, String subject, String actor, RuntimeException why) {
        String reason = why instanceof PedigreeException p ? p.detail() : "It could not be applied: "
                + why.getClass().getSimpleName();
        if (!(why instanceof PedigreeException)) {
            LOG.error("Event {} could not be applied", digest, why);
        }
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        db.write(tx -> {
            long n = tx.run(REFUSE, Map.of("digest", digest, "reason", reason, "now", now)).single()
                    .get("refused").asLong();
            if (n > 0) {
                audit.appendAll(tx, actor, List.of(new AuditEntry("openlineage.event.refused", subject, List.of(),
                        null, digest, reason, Map.of("digest", digest))));
            }
            return null;
        });
    }

    @Override
    public int sweep(Duration olderThan, int limit) {
        ZonedDateTime before = clock.instant().minus(olderThan).atZone(ZoneOffset.UTC);
        List<Record> orphans = db.read(tx -> tx.run(ORPHANS, Map.of("before", before, "limit", limit)).list());
        List<Applier.Accepted> group = new ArrayList<>();
        for (Record r : orphans) {
            String actor = r.get("actor").asString("openlineage");
            OlEvent e;
            try {
                e = EventParser.parse(r.get("raw").asString());
            } catch (RuntimeException unreadable) {
                refuse(r.get("digest").asString(), "openlineage", actor, unreadable);
                continue;
            }
            group.add(new Applier.Accepted(0, e, actor));
        }
        if (group.isEmpty()) {
            return 0;
        }
        try {
            apply(group);
        } catch (PedigreeException.Unavailable away) {
            throw away;
        } catch (RuntimeException refused) {
            applyEach(group);
        }
        return group.size();
    }
}
