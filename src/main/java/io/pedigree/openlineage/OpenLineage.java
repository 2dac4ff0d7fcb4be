package io.pedigree.openlineage;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.error.PedigreeException;
import io.pedigree.fields.FieldWriter;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeKey;
import io.pedigree.store.Database;
import org.neo4j.driver.TransactionContext;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenLineage ingest: stores each event as received, content-addressed; a single event is answered once stored
 * (pending) and applied to the lineage graph just after, with others, by this instance's {@link Applier}; a batch
 * is stored and applied before its answer. Each applied event gets its audit event; an event already stored is
 * answered as a duplicate and changes nothing.
 */
public final class OpenLineage implements AutoCloseable {

    private static final int MAX_AUDIT_TARGETS = 50;
    /** Most events one group commit of single posts stores together. */
    private static final int GROUP = 500;
    /** Most accepted events the applier applies in one transaction. */
    private static final int APPLY_GROUP = 256;
    /** How long accepting waits for room in a full backlog before answering 503. */
    private static final java.time.Duration ROOM_PATIENCE = java.time.Duration.ofSeconds(5);
    /** Events of a batch request applied per transaction. */
    private static final int BATCH_GROUP = 1000;
    /**
     * Digests this instance stored or found stored lately. Only ever a shortcut for the answer the database
     * would give: a stored event is never removed, and a digest not remembered is checked by the write itself.
     */
    private static final int REMEMBERED = 100_000;

    private final Database db;
    private final AuditLog audit;
    private final Clock clock;
    private final OlReader reader;
    private final GroupCommitter committer;
    private final Inbox inbox;
    private final Applier applier;
    private final FieldWriter fieldWriter;
    private final com.github.benmanes.caffeine.cache.Cache<String, Boolean> stored =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(REMEMBERED)
                    .expireAfterWrite(java.time.Duration.ofMinutes(30)).build();

    /**
     * {@code backlog}: most events accepted on this instance and not yet applied; beyond it accepting waits, so
     * the sustained rate is the rate of applying and the queue's memory (parsed events) stays bounded.
     */
    public OpenLineage(Database db, AuditLog audit, Clock clock, FieldWriter fieldWriter, int backlog) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
        this.fieldWriter = fieldWriter;
        this.reader = new OlReader(db);
        this.inbox = new Inbox(db, audit, clock, this::applyStored);
        this.applier = new Applier(backlog, APPLY_GROUP, inbox);
        this.committer = new GroupCommitter(GROUP, this::acceptGroup);
    }

    /**
     * Accepts one event, unless the identical event is stored already: stores it as received, pending, with the
     * others arriving at the same time, and hands it to the applier. A retry or replay this instance has seen is
     * answered from memory; any other event goes to the group store, which finds a stored duplicate by its digest
     * and leaves it as it is ({@link Inbox#accept}).
     */
    public Views.Ingested ingest(OlEvent e, String actor) {
        if (stored.getIfPresent(e.digest()) != null) {
            return new Views.Ingested("duplicate", e.digest(), subject(e).toString());
        }
        try {
            if (!applier.reserve(ROOM_PATIENCE)) {
                throw new PedigreeException.Unavailable("Pedigree is behind applying " + applier.backlog()
                        + " accepted OpenLineage events; retry shortly", null);
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
            throw new PedigreeException.Unavailable("The server is stopping; retry shortly", stop);
        }
        Views.Ingested answer;
        try {
            answer = committer.submit(e, actor);
        } catch (RuntimeException refused) {
            applier.giveBack();
            throw refused;
        }
        if (!answer.created()) {
            applier.giveBack();
        }
        return answer;
    }

    private List<Object> acceptGroup(List<OlEvent> events, String actor) {
        Inbox.Accepted accepted = inbox.accept(events, actor);
        // Handed over before anyone is answered, so a request that follows an answer waits for its event.
        applier.handOver(accepted.stored(), actor);
        remember(accepted.answers());
        return accepted.answers();
    }

    /**
     * Waits, at most {@code patience}, until the events this instance accepted before the call are applied or
     * refused; answers whether they were. Costs no database round trip, and next to nothing when none are pending.
     */
    public boolean awaitApplied(java.time.Duration patience) {
        try {
            return applier.await(patience);
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Events accepted on this instance and not applied yet. */
    public long backlog() {
        return applier.backlog();
    }

    /** Stops applying accepted events until {@link #resumeApplying}: they stay pending. For tests. */
    public void pauseApplying() throws InterruptedException {
        applier.pause();
    }

    public void resumeApplying() {
        applier.resume();
    }

    /**
     * Waits for what was accepted to be applied, then forgets the digests remembered: for tests that empty the
     * database under a running instance.
     */
    public void forgetRemembered() {
        awaitApplied(java.time.Duration.ofSeconds(60));
        stored.invalidateAll();
    }

    /** Stops the applier; events it has not applied stay pending in the database for a sweep. */
    @Override
    public void close() {
        applier.close();
    }

    /**
     * Ingests a batch in groups, each stored and applied in one transaction; one bad event does not hold back the
     * others. Answers a result per event. {@code parsed} holds either an event or the error that parsing it raised.
     */
    public List<Views.BatchItem> ingestAll(List<Object> parsed, String actor) {
        return BatchIngest.ingest(parsed, BATCH_GROUP, events -> ingestGroup(events, actor));
    }

    /**
     * Stores and applies {@code events} in one transaction; answers per event an {@link Views.Ingested} or the
     * exception it is refused with. When the group cannot commit whole (an event names a retracted key, or
     * cannot be mapped), each event is tried in a transaction of its own, so only the bad ones are refused.
     */
    List<Object> ingestGroup(List<OlEvent> events, String actor) {
        List<Object> answers = writeGroup(events, actor);
        remember(answers);
        return answers;
    }

    // Remembered once committed, never from inside a transaction that may yet roll back or be retried.
    private void remember(List<Object> answers) {
        for (Object a : answers) {
            if (a instanceof Views.Ingested i) {
                stored.put(i.digest(), Boolean.TRUE);
            }
        }
    }

    /**
     * Applies events stored (pending) before and claimed in {@code tx}: as a replay applies stored events, then
     * refused whole if they name a retracted key, as new events are; each applied event is audited.
     */
    private void applyStored(TransactionContext tx, List<OlEvent> events, String actor, ZonedDateTime now) {
        Symlinks.Resolved named = Symlinks.resolve(tx, events, false, now, actor);
        GroupWriter.Result result = GroupWriter.apply(tx, named.events(), true, now, actor);
        Symlinks.show(tx, named.aliases());
        recordFields(tx, result.fields(), actor);
        List<NodeKey> touched = new ArrayList<>();
        result.applied().forEach(a -> touched.addAll(a.touched()));
        refuseRetracted(tx, touched);
        List<AuditEntry> entries = new ArrayList<>(named.audit());
        result.applied().forEach(a -> entries.add(entry(a.event(), subject(a.event()).toString(), a.touched())));
        audit.appendAll(tx, actor, entries);
    }

    private List<Object> writeGroup(List<OlEvent> events, String actor) {
        if (events.isEmpty()) {
            return List.of();
        }
        try {
            return db.write(tx -> group(tx, events, actor));
        } catch (PedigreeException.Unavailable away) {
            return events.stream().map(e -> (Object) away).toList();
        } catch (PedigreeException | IllegalArgumentException refused) {
            if (events.size() == 1) {
                return List.of(refused);
            }
            List<Object> out = new ArrayList<>();
            for (OlEvent e : events) {
                try {
                    out.add(ingestOne(e, actor));
                } catch (PedigreeException one) {
                    out.add(one);
                }
            }
            return out;
        }
    }

    private List<Object> group(org.neo4j.driver.TransactionContext tx, List<OlEvent> events, String actor) {
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        Map<String, OlEvent> distinct = new LinkedHashMap<>();
        events.forEach(e -> distinct.putIfAbsent(e.digest(), e));
        Symlinks.Resolved named = Symlinks.resolve(tx, List.copyOf(distinct.values()), false, now, actor);
        GroupWriter.Result result = GroupWriter.apply(tx, named.events(), false, now, actor);
        Symlinks.show(tx, named.aliases());
        recordFields(tx, result.fields(), actor);
        java.util.Set<String> created = result.created();
        List<GroupPlan.Applied> applied = result.applied();
        List<AuditEntry> entries = new ArrayList<>(named.audit());
        applied.forEach(a -> entries.add(entry(a.event(), subject(a.event()).toString(), a.touched())));
        audit.appendAll(tx, actor, entries);
        List<Object> out = new ArrayList<>();
        java.util.Set<String> answered = new java.util.HashSet<>();
        for (OlEvent e : events) {
            boolean isNew = created.contains(e.digest()) && answered.add(e.digest());
            out.add(new Views.Ingested(isNew ? "created" : "duplicate", e.digest(), subject(e).toString()));
        }
        return out;
    }

    /** One event in a transaction of its own: what a group falls back to when it cannot commit whole. */
    private Views.Ingested ingestOne(OlEvent e, String actor) {
        String subject = subject(e).toString();
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        return db.write(tx -> {
            if (!EventStore.store(tx, e, now, actor)) {
                return new Views.Ingested("duplicate", e.digest(), subject);
            }
            List<FieldParts.Part> fields = new ArrayList<>();
            Symlinks.Resolved named = Symlinks.resolve(tx, List.of(e), false, now, actor);
            OlEvent canonical = named.events().get(0);
            List<NodeKey> touched = GraphMapping.apply(tx, canonical, now, actor, fields);
            refuseRetracted(tx, touched);
            Symlinks.show(tx, named.aliases());
            recordFields(tx, fields, actor);
            List<AuditEntry> entries = new ArrayList<>(named.audit());
            entries.add(entry(canonical, subject(canonical).toString(), touched));
            audit.appendAll(tx, actor, entries);
            return new Views.Ingested("created", e.digest(), subject);
        });
    }

    /**
     * The key that answers for {@code key}: for a dataset (or version) named as an alias by a symlinks facet, its
     * canonical dataset (or the same version of it); otherwise {@code key} itself.
     */
    public NodeKey canonical(NodeKey key) {
        if (key.kind() != Kind.DATASET) {
            return key;
        }
        return db.read(tx -> Symlinks.canonical(tx, key));
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

    /** Jobs in key order, all or those of one {@code namespace} (null: all). */
    public List<Views.JobRow> jobs(String namespace, int skip, int limit) {
        return reader.jobs(namespace, skip, limit);
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

    private void reapply(List<OlEvent> events, String actor) {
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        db.write(tx -> {
            Symlinks.Resolved named = Symlinks.resolve(tx, events, true, now, actor);
            recordFields(tx, GroupWriter.apply(tx, named.events(), true, now, actor).fields(), actor);
            Symlinks.show(tx, named.aliases());
            if (!named.audit().isEmpty()) {
                audit.appendAll(tx, actor, named.audit());
            }
            return null;
        });
    }

    /**
     * Field-level lineage of a group with one set of statements, in the group's transaction. A version keeps the
     * fields first recorded for it, as it keeps its first schema property.
     */
    private void recordFields(org.neo4j.driver.TransactionContext tx, List<FieldParts.Part> parts, String actor) {
        List<FieldWriter.Dated> ordered = FieldParts.ordered(parts);
        if (!ordered.isEmpty()) {
            fieldWriter.record(tx, ordered, FieldWriter.OtherSchema.KEEP_FIRST, actor);
        }
    }

    static void refuseRetracted(TransactionContext tx, List<NodeKey> touched) {
        List<String> retracted = Retracted.among(tx, EventStore.keys(touched));
        if (!retracted.isEmpty()) {
            throw Retracted.conflict(retracted);
        }
    }

    static NodeKey subject(OlEvent e) {
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
