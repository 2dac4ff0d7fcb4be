package io.pedigree.lineage;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.audit.Digest;
import io.pedigree.error.PedigreeException.Conflict;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.error.PedigreeException.PayloadTooLarge;
import io.pedigree.store.Database;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * Records nodes and relations, one by one or as atomic batches, enforcing key immutability and recording who
 * wrote what when. A batch runs in one write transaction as bounded {@code UNWIND} chunks: all or nothing.
 */
public final class GraphWriter {

    private static final String CLOSE_OTHER_OWNERS = """
            CYPHER replan=skip
            UNWIND $rows AS row
            MATCH (n:Node {key: row.key})-[r:OWNED_BY]->(p:Node)
            WHERE r.validTo IS NULL AND p.key <> row.owner
            SET r.validTo = $now, r.closedBy = $actor
            """;

    /** Rounds a batch runs creating absent keys outright before it merges them (see NodeWriter). */
    static final int CREATE_ATTEMPTS = 3;

    private final Database db;
    private final AuditLog audit;
    private final Limits limits;
    private final Clock clock;
    private final RelationWriter relations;
    private final NodeWriter nodes;

    public GraphWriter(Database db, AuditLog audit, Limits limits, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.limits = limits;
        this.clock = clock;
        this.relations = new RelationWriter(limits.writeChunk());
        this.nodes = new NodeWriter(limits.writeChunk());
    }

    /** Records one node; answers what happened to it. */
    public WriteSummary writeNode(NodeInput node, String actor) {
        return write(new Batch(List.of(node), List.of()), actor);
    }

    /** Records one relation; both ends must exist. Errors name the fields of the relation itself. */
    public WriteSummary writeRelation(RelationInput relation, String actor) {
        return write(new Batch(List.of(), List.of(relation)), actor, i -> "");
    }

    /** Ends the open relation of {@code type} from {@code from} to {@code to} at {@code at} (default now). */
    public void closeRelation(NodeKey from, RelationType type, NodeKey to, Instant at, String actor) {
        if (type == RelationType.VERSION_OF) {
            throw new InvalidInput("type", "VERSION_OF is maintained by Pedigree and cannot be closed");
        }
        ZonedDateTime now = now();
        ZonedDateTime end = at == null ? now : at.atZone(ZoneOffset.UTC);
        db.write(tx -> {
            List<Record> closed = relations.close(tx, from, type, to, end, now, actor);
            if (closed.isEmpty()) {
                throw new NotFound("to", "No open " + type.name() + " relation from " + from + " to " + to);
            }
            for (Record r : closed) {
                if (!r.get("validFrom").asZonedDateTime().isBefore(end)) {
                    throw new InvalidInput("at", "The relation became valid at " + r.get("validFrom")
                            .asZonedDateTime().toInstant() + "; it cannot end at or before that");
                }
            }
            audit.append(tx, actor, new AuditEntry("relation.close", from.toString(), List.of(to.toString()),
                    Digest.of(Map.of("from", from.toString(), "type", type.name(), "to", to.toString(), "open", true)),
                    Digest.of(Map.of("from", from.toString(), "type", type.name(), "to", to.toString(),
                            "validTo", end.toInstant().toString())), null,
                    Map.of("type", type.name(), "validTo", end.toInstant().toString())));
            return null;
        });
    }

    /** Records a batch atomically: every node and relation, or (on any error) nothing. */
    public WriteSummary write(Batch batch, String actor) {
        return write(batch, actor, i -> "relations[" + i + "].");
    }

    /** {@code relationField} gives the prefix that names relation {@code i} in errors. */
    private WriteSummary write(Batch batch, String actor, IntFunction<String> relationField) {
        int size = batch.nodes().size() + batch.relations().size();
        if (size > limits.maxBatchElements()) {
            throw new PayloadTooLarge("nodes", "A batch may hold at most " + limits.maxBatchElements()
                    + " nodes and relations together, got " + size);
        }
        checkBatch(batch, relationField);
        ZonedDateTime now = now();
        for (int attempt = 1; attempt < CREATE_ATTEMPTS; attempt++) {
            try {
                return writeAudited(batch, now, actor, relationField, true, size);
            } catch (NodeWriter.ConcurrentCreation e) {
                // Another writer created a key of this batch after its read: run it again from the read, which
                // finds that key recorded now.
            }
        }
        // Rare enough to stop racing: the last round merges absent keys instead of creating them outright.
        return writeAudited(batch, now, actor, relationField, false, size);
    }

    /** One transaction writing the batch and, if it changed anything, its audit event. */
    private WriteSummary writeAudited(Batch batch, ZonedDateTime now, String actor, IntFunction<String> relationField,
                                      boolean rerunnable, int size) {
        return db.write(tx -> {
            WriteSummary summary = writeChecked(tx, batch, now, actor, relationField, rerunnable);
            if (summary.nodes().created() + summary.nodes().updated() + summary.relations().created()
                    + summary.relations().updated() > 0) {
                WriteEvents.Event event = WriteEvents.of(batch, summary);
                audit.append(tx, actor, event.entry(), event.moreKeys());
            }
            return summary;
        }, timeouts(size, limits.writeChunk()));
    }

    /**
     * Records a batch inside a transaction another service runs, which appends its own audit event; relation
     * errors name {@code relationField} (like {@code inputs[2].}) followed by from or to.
     */
    public WriteSummary writeIn(TransactionContext tx, Batch batch, String actor, IntFunction<String> relationField) {
        checkBatch(batch, relationField);
        return writeChecked(tx, batch, now(), actor, relationField, false);
    }

    /**
     * Ends, inside the caller's transaction, every open {@code type} relation from {@code from} at {@code at};
     * answers the keys they pointed to. Used to switch what a deployment serves.
     */
    public List<String> closeOpenIn(TransactionContext tx, NodeKey from, RelationType type, ZonedDateTime at,
                                    String actor) {
        return relations.closeOpenFrom(tx, from, type, at, now(), actor);
    }

    private WriteSummary writeChecked(TransactionContext tx, Batch batch, ZonedDateTime now, String actor,
                                      IntFunction<String> relationField, boolean rerunnable) {
        // One read of every key the batch names tells what is recorded, what is retracted and what is missing.
        Set<String> named = new TreeSet<>();
        Set<String> keys = new HashSet<>();
        for (NodeInput n : batch.nodes()) {
            named.add(n.key().toString());
            if (n.owner() != null) {
                named.add(n.owner().toString());
            }
            n.key().family().ifPresent(f -> keys.add(f.toString()));
        }
        for (RelationInput r : batch.relations()) {
            named.add(r.from().toString());
            named.add(r.to().toString());
        }
        keys.addAll(named);
        // A batch of relations alone is not read first: its write finds and locks each source once and each
        // target once, and only when an end is missing or retracted are the ends read, to say which.
        boolean relationsOnly = batch.nodes().isEmpty();
        Map<String, NodeWriter.State> known = relationsOnly ? new HashMap<>() : nodes.recorded(tx, keys);
        WriteSummary.Counts written = new WriteSummary.Counts(0, 0, 0);
        if (!relationsOnly) {
            refuseRetracted(named, known);
            written = nodes.write(tx, batch.nodes(), known, now, actor, rerunnable);
            writeOwners(tx, batch.nodes(), known, now, actor, rerunnable);
            relations.write(tx, ownerRelations(batch.nodes()), now, actor);
            checkEndsExist(batch, known, relationField);
        }
        try {
            return new WriteSummary(written, relations.write(tx, batch.relations(), now, actor));
        } catch (RelationWriter.EndsMissing e) {
            Map<String, NodeWriter.State> ends = nodes.recorded(tx, keys);
            refuseRetracted(named, ends);
            checkEndsExist(batch, ends, relationField);
            throw new IllegalStateException("A relation's end was missing while written, and found when read", e);
        }
    }

    private static void refuseRetracted(Set<String> named, Map<String, NodeWriter.State> known) {
        Retracted.refuse(named.stream().filter(k -> known.containsKey(k) && known.get(k).retracted()).toList());
    }

    /**
     * How many query timeouts a batch's transaction may take: one per chunk of {@code chunk} elements, as each
     * chunk is a statement of its own, so a batch of the documented maximum has time in proportion to its size.
     */
    static int timeouts(int elements, int chunk) {
        return Math.max(1, (elements + chunk - 1) / chunk);
    }

    private ZonedDateTime now() {
        return clock.instant().atZone(ZoneOffset.UTC);
    }

    private void checkBatch(Batch batch, IntFunction<String> relationField) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < batch.nodes().size(); i++) {
            NodeInput n = batch.nodes().get(i);
            Integer first = seen.putIfAbsent(n.key().toString(), i);
            if (first != null) {
                NodeInput earlier = batch.nodes().get(first);
                if (!earlier.properties().equals(n.properties())) {
                    throw new InvalidInput("nodes[" + i + "].key", "Key " + n.key() + " appears twice in the batch"
                            + " with different content (also at nodes[" + first + "])");
                }
            }
        }
        for (int i = 0; i < batch.relations().size(); i++) {
            RelationInput r = batch.relations().get(i);
            String field = relationField.apply(i);
            r.type().checkEnds(field, r.from(), r.to());
            if (r.validFrom() != null && r.validTo() != null && !r.validTo().isAfter(r.validFrom())) {
                throw new InvalidInput(field + "validTo", "validTo must be after validFrom");
            }
            if (r.validFrom() == null && r.validTo() != null) {
                throw new InvalidInput(field + "validFrom",
                        "A relation with validTo needs validFrom; to end an open relation, close it");
            }
        }
    }

    private void writeOwners(TransactionContext tx, List<NodeInput> batchNodes, Map<String, NodeWriter.State> known,
                             ZonedDateTime now, String actor, boolean rerunnable) {
        List<Map<String, Object>> rows = batchNodes.stream().filter(n -> n.owner() != null)
                .map(n -> Map.<String, Object>of("key", n.key().toString(), "owner", n.owner().toString()))
                .toList();
        if (rows.isEmpty()) {
            return;
        }
        // Owners that are not recorded yet are created as bare person nodes; existing ones are left as they are.
        Map<String, NodeInput> people = new TreeMap<>();
        batchNodes.stream().filter(n -> n.owner() != null && !known.containsKey(n.owner().toString()))
                .forEach(n -> people.putIfAbsent(n.owner().toString(), new NodeInput(n.owner(), Properties.EMPTY,
                        null, null)));
        if (!people.isEmpty()) {
            nodes.write(tx, people.values(), known, now, actor, rerunnable);
        }
        for (List<Map<String, Object>> chunk : Chunks.of(rows, limits.writeChunk())) {
            tx.run(CLOSE_OTHER_OWNERS, Map.of("rows", chunk, "now", now, "actor", actor)).consume();
        }
    }

    private static List<RelationInput> ownerRelations(List<NodeInput> nodes) {
        return nodes.stream().filter(n -> n.owner() != null)
                .map(n -> new RelationInput(n.key(), RelationType.OWNED_BY, n.owner(), null, null, null)).toList();
    }

    /** Every relation's ends must be recorded or written by this batch ({@code known} holds both by now). */
    private static void checkEndsExist(Batch batch, Map<String, NodeWriter.State> known,
                                       IntFunction<String> relationField) {
        for (int i = 0; i < batch.relations().size(); i++) {
            RelationInput r = batch.relations().get(i);
            if (!known.containsKey(r.from().toString())) {
                throw new InvalidInput(relationField.apply(i) + "from", "No node with key " + r.from()
                        + " is recorded or in this batch");
            }
            if (!known.containsKey(r.to().toString())) {
                throw new InvalidInput(relationField.apply(i) + "to", "No node with key " + r.to()
                        + " is recorded or in this batch");
            }
        }
    }
}
