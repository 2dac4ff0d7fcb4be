package io.pedigree.openlineage;

import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeKey;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a group of events inside one transaction with two statements whatever the group's size
 * ({@link GroupStatements}): store the events and lock and read what they fold into; fold in Java
 * ({@link GroupPlan}); write the result. Dataset and job events, which are rare, are applied one by one
 * ({@link GraphMapping}) in the same transaction.
 */
final class GroupWriter {

    /**
     * The events of a group that were stored now (the others were stored before), with what they touched, and the
     * field-level lineage they carry, to record once the nodes exist.
     */
    record Result(Set<String> created, List<GroupPlan.Applied> applied, List<FieldParts.Part> fields) {
    }

    private GroupWriter() {
    }

    /**
     * Stores {@code events} (distinct digests) and applies those not stored before; with {@code again} (a replay
     * of stored events) applies them all. Throws a conflict, and the caller rolls back, if the group touches a
     * retracted key.
     */
    static Result apply(TransactionContext tx, List<OlEvent> events, boolean again, ZonedDateTime now,
                        String actor) {
        List<OlEvent> runs = events.stream().filter(e -> e.type() == OlEvent.Type.RUN).toList();
        List<GroupPlan.Ensure> reads = GroupPlan.reads(runs);
        Map<String, Object> p = new HashMap<>();
        p.put("events", again ? List.of() : events.stream().map(e -> Map.of("digest", e.digest(),
                "fields", EventStore.fields(e, now, actor))).toList());
        p.put("runs", rows(reads, Kind.RUN));
        p.put("datasets", rows(reads, Kind.DATASET));
        p.put("families", reads.stream().filter(e -> e.key().kind() == Kind.DATASET).map(e -> e.key().toString())
                .toList());
        p.put("runKeys", reads.stream().filter(e -> e.key().kind() == Kind.RUN && e.key().isVersion())
                .map(e -> e.key().toString()).toList());
        p.put("now", now);
        p.put("actor", actor);
        Record read = tx.run(GroupStatements.READ, p).single();
        Set<String> created = again ? new LinkedHashSet<>(events.stream().map(OlEvent::digest).toList())
                : new LinkedHashSet<>(read.get("created").asList(Value::asString));

        Map<String, GroupPlan.Applied> applied = new HashMap<>();
        List<FieldParts.Part> fields = new ArrayList<>();
        List<OlEvent> fresh = new ArrayList<>();
        for (OlEvent e : events) {
            if (!created.contains(e.digest())) {
                continue;
            }
            if (e.type() == OlEvent.Type.RUN) {
                fresh.add(e);
            } else {
                List<NodeKey> touched = GraphMapping.apply(tx, e, now, actor, fields);
                if (!again) {
                    OpenLineage.refuseRetracted(tx, touched);
                }
                applied.put(e.digest(), new GroupPlan.Applied(e, touched.get(0), touched));
            }
        }
        if (!fresh.isEmpty()) {
            GroupPlan.Plan plan = GroupPlan.plan(fresh, stored(read));
            write(tx, plan, again, now, actor);
            plan.applied().forEach(a -> applied.put(a.event().digest(), a));
            fields.addAll(plan.fields());
        }
        return new Result(created, events.stream().filter(e -> applied.containsKey(e.digest()))
                .map(e -> applied.get(e.digest())).toList(), fields);
    }

    private static GroupPlan.Stored stored(Record read) {
        Map<String, String> summaries = new HashMap<>();
        Map<String, String> facets = new HashMap<>();
        for (Value v : read.get("runs").values()) {
            summaries.put(v.get("key").asString(), v.get("summary").asString(null));
            facets.put(v.get("key").asString(), v.get("facets").asString(null));
        }
        for (Value v : read.get("datasets").values()) {
            facets.put(v.get("key").asString(), v.get("facets").asString(null));
        }
        Map<String, List<GroupPlan.Version>> versions = new HashMap<>();
        for (Value v : read.get("versions").values()) {
            versions.computeIfAbsent(v.get("family").asString(), k -> new ArrayList<>()).add(new GroupPlan.Version(
                    v.get("key").asString(), v.get("validFrom").asZonedDateTime().toInstant()));
        }
        Map<String, List<String>> edges = new HashMap<>();
        for (Value v : read.get("edges").values()) {
            edges.computeIfAbsent(GroupPlan.edgeKey(v.get("run").asString(), v.get("output").asBoolean(),
                    v.get("family").asString()), k -> new ArrayList<>()).add(v.get("version").asString());
        }
        return new GroupPlan.Stored(summaries, facets, versions, edges);
    }

    private static void write(TransactionContext tx, GroupPlan.Plan plan, boolean again, ZonedDateTime now,
                              String actor) {
        Map<String, Object> p = new HashMap<>();
        p.put("runs", rows(plan.ensures(), Kind.RUN));
        p.put("datasets", rows(plan.ensures(), Kind.DATASET));
        p.put("commits", rows(plan.ensures(), Kind.COMMIT));
        p.put("people", rows(plan.ensures(), Kind.PERSON));
        List<Map<String, Object>> marks = new ArrayList<>();
        for (GroupPlan.Mark m : plan.marks()) {
            Map<String, Object> row = new HashMap<>();
            row.put("key", m.key().toString());
            row.put("schema", m.schema());
            row.put("placeholder", m.placeholder() ? Boolean.TRUE : null);
            // The first schema reported for a version is kept; versions recorded through the batch API keep
            // their own properties (the statement writes it only where none is).
            row.put("set", m.fields() == null ? null : Nodes.propertyRow(m.key(), NodeProperties.schema(m.fields())));
            marks.add(row);
        }
        p.put("marks", marks);
        p.put("unlinks", plan.unlinks().stream().map(u -> Map.<String, Object>of("run", u.run(), "version",
                u.version(), "output", u.output())).toList());
        p.put("orphans", plan.unlinks().stream().map(GroupPlan.Unlink::version).distinct().toList());
        Map<String, List<Map<String, Object>>> links = new LinkedHashMap<>();
        for (String type : List.of("used", "generated", "owned")) {
            links.put(type, new ArrayList<>());
        }
        for (RunEdges.Link l : plan.links()) {
            Map<String, Object> row = new HashMap<>();
            row.put("from", l.from());
            row.put("to", l.to());
            row.put("t", l.t().atZone(ZoneOffset.UTC));
            row.put("props", l.props());
            row.put("facets", l.facets());
            row.put("byTime", l.byTime() ? Boolean.TRUE : null);
            links.get(switch (l.type()) {
                case "USED" -> "used";
                case "WAS_GENERATED_BY" -> "generated";
                case "OWNED_BY" -> "owned";
                default -> throw new IllegalArgumentException("Not a relation OpenLineage events make: " + l.type());
            }).add(row);
        }
        p.putAll(links);
        List<Map<String, Object>> properties = new ArrayList<>();
        plan.properties().forEach((key, props) -> properties.add(Nodes.propertyRow(key, props)));
        p.put("properties", properties);
        p.put("jobs", plan.jobs().stream().map(NodeKey::toString).toList());
        Set<String> touched = new LinkedHashSet<>();
        if (!again) {
            // A retracted key stays taken for new events; a replay re-applies what was accepted before.
            plan.applied().forEach(a -> a.touched().forEach(k -> touched.add(k.toString())));
        }
        p.put("touched", List.copyOf(touched));
        p.put("now", now);
        p.put("actor", actor);
        List<String> retracted = tx.run(GroupStatements.WRITE, p).single().get("retracted").asList(Value::asString);
        if (!retracted.isEmpty()) {
            throw Retracted.conflict(retracted);
        }
        plan.realign().forEach(family -> DatasetVersions.realign(tx, family));
    }

    /** The ensure rows of one kind, in key order so that concurrent groups take their locks in one order. */
    private static List<Map<String, Object>> rows(List<GroupPlan.Ensure> ensures, Kind kind) {
        return ensures.stream().filter(e -> e.key().kind() == kind)
                .sorted(java.util.Comparator.comparing(e -> e.key().toString()))
                .map(e -> Nodes.ensureRow(e.key(), e.t().atZone(ZoneOffset.UTC), e.lock())).toList();
    }
}
