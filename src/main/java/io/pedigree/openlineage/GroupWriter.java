package io.pedigree.openlineage;

import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeKey;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a group of events inside one transaction with a fixed number of set-based statements, whatever the
 * group's size: lock and read the runs, jobs and datasets the group names; fold in Java ({@link GroupPlan});
 * write nodes, marks, unlinks, links and properties, each kind in one statement. Dataset and job events, which
 * are rare, are applied one by one ({@link GraphMapping}) first, in the same transaction.
 */
final class GroupWriter {

    private GroupWriter() {
    }

    /** Applies {@code events} (new, distinct digests); answers what each is about and touched, in their order. */
    static List<GroupPlan.Applied> apply(TransactionContext tx, List<OlEvent> events, ZonedDateTime now,
                                         String actor) {
        Map<String, GroupPlan.Applied> applied = new HashMap<>();
        List<OlEvent> runs = new ArrayList<>();
        for (OlEvent e : events) {
            if (e.type() == OlEvent.Type.RUN) {
                runs.add(e);
            } else {
                List<NodeKey> touched = GraphMapping.apply(tx, e, now, actor);
                applied.put(e.digest(), new GroupPlan.Applied(e, touched.get(0), touched));
            }
        }
        if (!runs.isEmpty()) {
            for (GroupPlan.Applied a : applyRuns(tx, runs, now, actor)) {
                applied.put(a.event().digest(), a);
            }
        }
        return events.stream().map(e -> applied.get(e.digest())).toList();
    }

    private static List<GroupPlan.Applied> applyRuns(TransactionContext tx, List<OlEvent> runs, ZonedDateTime now,
                                                     String actor) {
        Map<String, Record> state = ensure(tx, GroupPlan.reads(runs), now, actor);
        Map<String, String> summaries = new HashMap<>();
        Map<String, String> facets = new HashMap<>();
        Set<String> families = new LinkedHashSet<>();
        Set<String> runKeys = new LinkedHashSet<>();
        state.forEach((key, r) -> {
            summaries.put(key, r.get("summary").asString(null));
            facets.put(key, r.get("facets").asString(null));
        });
        for (GroupPlan.Ensure e : GroupPlan.reads(runs)) {
            if (e.key().kind() == Kind.DATASET) {
                families.add(e.key().toString());
            } else if (e.key().isVersion()) {
                runKeys.add(e.key().toString());
            }
        }
        GroupPlan.Stored stored = new GroupPlan.Stored(summaries, facets,
                DatasetVersions.realVersions(tx, families), RunEdges.currentAll(tx, runKeys));
        GroupPlan.Plan plan = GroupPlan.plan(runs, stored);

        Map<String, Record> made = ensure(tx, plan.ensures(), now, actor);
        Set<String> needsSchema = DatasetVersions.markAll(tx, plan.marks());
        RunEdges.unlinkAll(tx, plan.unlinks().stream().map(u -> Map.<String, Object>of("run", u.run(),
                "version", u.version(), "output", u.output())).toList());
        RunEdges.linkAll(tx, plan.links(), now, actor);
        List<Map<String, Object>> rows = new ArrayList<>();
        plan.properties().forEach((key, p) -> rows.add(Nodes.propertyRow(key, p)));
        Set<String> realign = new LinkedHashSet<>();
        for (GroupPlan.Mark m : plan.marks()) {
            // The first schema reported for a version is kept; versions recorded through the batch API keep
            // their own properties.
            if (needsSchema.remove(m.key().toString())) {
                rows.add(Nodes.propertyRow(m.key(), NodeProperties.schema(m.fields())));
            }
            Record r = made.get(m.key().toString());
            if (!m.placeholder() && r != null && r.get("changed").asBoolean()) {
                realign.add(m.key().family().orElseThrow().toString());
            }
        }
        Nodes.setAll(tx, rows, now, actor);
        Nodes.markJobs(tx, plan.jobs().stream().map(NodeKey::toString).toList());
        // A version that is new or now begins earlier moves mentions resolved by time, of this group's runs and
        // of runs before it, to the version valid at their time.
        realign.forEach(family -> DatasetVersions.realign(tx, family));
        return plan.applied();
    }

    private static Map<String, Record> ensure(TransactionContext tx, List<GroupPlan.Ensure> ensures,
                                              ZonedDateTime now, String actor) {
        Map<Kind, List<Map<String, Object>>> byKind = new EnumMap<>(Kind.class);
        for (GroupPlan.Ensure e : ensures) {
            byKind.computeIfAbsent(e.key().kind(), k -> new ArrayList<>())
                    .add(Nodes.ensureRow(e.key(), e.t().atZone(ZoneOffset.UTC), e.lock()));
        }
        Map<String, Record> out = new HashMap<>();
        byKind.forEach((kind, rows) -> out.putAll(Nodes.ensureAll(tx, kind, rows, now, actor)));
        return out;
    }
}
