package io.pedigree.openlineage;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.error.PedigreeException;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeKey;
import io.pedigree.store.Database;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenLineage ingest: stores each event as received, content-addressed, and applies it to the lineage graph in the
 * same transaction with its audit event; an event already stored is answered as a duplicate and changes nothing.
 */
public final class OpenLineage {

    private static final int MAX_AUDIT_TARGETS = 50;

    private final Database db;
    private final AuditLog audit;
    private final Clock clock;
    private final OlReader reader;

    public OpenLineage(Database db, AuditLog audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
        this.reader = new OlReader(db);
    }

    /** Stores and applies one event, unless the identical event is stored already. */
    public Views.Ingested ingest(OlEvent e, String actor) {
        String subject = subject(e).toString();
        // A read first: a retried or replayed event is answered without taking a single lock.
        if (db.read(tx -> EventStore.exists(tx, e.digest()))) {
            return new Views.Ingested("duplicate", e.digest(), subject);
        }
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        return db.write(tx -> {
            if (!EventStore.store(tx, e, now, actor)) {
                return new Views.Ingested("duplicate", e.digest(), subject);
            }
            List<NodeKey> touched = GraphMapping.apply(tx, e, now, actor);
            refuseRetracted(tx, touched);
            audit.append(tx, actor, entry(e, subject, touched));
            return new Views.Ingested("created", e.digest(), subject);
        });
    }

    /**
     * Ingests each event of a batch on its own, so one bad event does not hold back the others; answers a result
     * per event. {@code parsed} holds either an event or the error that parsing it raised.
     */
    public List<Views.BatchItem> ingestAll(List<Object> parsed, String actor) {
        List<Views.BatchItem> out = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            Object p = parsed.get(i);
            try {
                if (p instanceof PedigreeException failure) {
                    throw failure;
                }
                OlEvent e = (OlEvent) p;
                Views.Ingested r = ingest(e, actor);
                out.add(new Views.BatchItem(i, r.status(), r.digest(), null, null, false));
            } catch (PedigreeException.InvalidInput bad) {
                out.add(new Views.BatchItem(i, "invalid", null, bad.detail(), bad.field(), false));
            } catch (PedigreeException.PayloadTooLarge big) {
                out.add(new Views.BatchItem(i, "invalid", null, big.detail(), big.field(), false));
            } catch (PedigreeException.Conflict conflict) {
                out.add(new Views.BatchItem(i, "conflict", null, conflict.detail(), null, false));
            } catch (PedigreeException.Unavailable | PedigreeException.QueryTimeout busy) {
                out.add(new Views.BatchItem(i, "failed", null, busy.detail(), null, true));
            }
        }
        return out;
    }

    /** A run with its facets, parent, children, datasets and its first {@code events} events. */
    public Views.RunView run(NodeKey key, int events) {
        return reader.run(key, events);
    }

    /** The key of the run an OpenLineage run id names. */
    public NodeKey runKey(String runId) {
        return reader.runKey(runId);
    }

    /** A job (a run family) with its latest {@code runs} runs, failures first. */
    public Views.JobView job(NodeKey key, int runs) {
        return reader.job(key, runs);
    }

    /** The key of the job {@code (namespace, name)}. */
    public static NodeKey jobKey(String namespace, String name) {
        return Keys.of(Kind.RUN, new OlEvent.Identity(namespace, name), null, "name");
    }

    /** Stored events of a run ({@code key} a run version) or of a job ({@code key} a run family), oldest first. */
    public List<Views.StoredEvent> events(NodeKey key, int skip, int limit) {
        return reader.events(key, !key.isVersion(), skip, limit);
    }

    public List<Views.RunRow> recentFailures(int limit) {
        return reader.failed(limit);
    }

    public List<Views.Producer> producers(int limit) {
        return reader.producers(limit);
    }

    /**
     * Applies stored events to the graph again, oldest first: every run's folded state is rebuilt from its events,
     * so a changed mapping reaches what producers sent before. {@code run} limits it to one run (null: all).
     */
    public Views.Replay replay(NodeKey run, String actor) {
        Views.Replay r = new Replayer(db).replay(run, actor, this::reapply);
        audit.appendAlone(actor, new AuditEntry("openlineage.replay", run == null ? "openlineage" : run.toString(),
                List.of(), null, null, null, Map.of("events", r.events(), "runs", r.runs())));
        return r;
    }

    private void reapply(OlEvent e, String actor) {
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        db.write(tx -> {
            GraphMapping.apply(tx, e, now, actor);
            return null;
        });
    }

    // A retracted key stays taken: an event naming one is refused whole, like a batch write, and nothing of it stays.
    private static final String RETRACTED = """
            MATCH (n:Node) WHERE n.key IN $keys AND n.retractedAt IS NOT NULL
            RETURN collect(n.key) AS retracted
            """;

    private static void refuseRetracted(org.neo4j.driver.TransactionContext tx, List<NodeKey> touched) {
        List<String> retracted = tx.run(RETRACTED, Map.of("keys", EventStore.keys(touched))).single()
                .get("retracted").asList(v -> v.asString());
        if (!retracted.isEmpty()) {
            throw new PedigreeException.Conflict("The event names " + retracted.get(0) + ", which was retracted;"
                    + " nothing was stored. A retracted key stays taken: report the data under a new name",
                    retracted.stream().limit(20).map(k -> Map.<String, Object>of("key", k, "retracted", true)).toList());
        }
    }

    private static NodeKey subject(OlEvent e) {
        return switch (e.type()) {
            case RUN -> Keys.run(e.job(), e.runId());
            case JOB -> Keys.job(e.job());
            case DATASET -> DatasetVersions.family(e.dataset().id(), "$.dataset.name");
        };
    }

    private static AuditEntry entry(OlEvent e, String subject, List<NodeKey> touched) {
        List<String> targets = EventStore.keys(touched).stream().filter(k -> !k.equals(subject))
                .limit(MAX_AUDIT_TARGETS).toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("digest", e.digest());
        details.put("schema", e.type().name());
        details.put("eventType", e.eventType() == null ? null : e.eventType().name());
        details.put("eventTime", e.eventTime().toString());
        details.put("producer", e.producer());
        return new AuditEntry("openlineage.event", subject, targets, null, e.digest(), null, details);
    }
}
