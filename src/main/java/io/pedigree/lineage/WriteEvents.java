package io.pedigree.lineage;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.Digest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The audit event of a graph write. */
final class WriteEvents {

    /** Most keys an event lists; a batch that touched more lists the first and keeps all as a digest. */
    static final int LISTED_KEYS = 100;

    /** The event and the keys it touched beyond those it lists. */
    record Event(AuditEntry entry, List<String> moreKeys) {
    }

    private WriteEvents() {
    }

    /**
     * One event per write request: single writes name their key, batches the keys they touched (sorted; beyond
     * {@link #LISTED_KEYS}, their number and digest). What was written is a digest over one line per element,
     * built from content hashes and stored property texts rather than a re-serialisation of the batch.
     */
    static Event of(Batch batch, WriteSummary summary) {
        List<String> lines = new ArrayList<>(batch.nodes().size() + batch.relations().size());
        TreeSet<String> keys = new TreeSet<>();
        for (NodeInput n : batch.nodes()) {
            String key = n.key().toString();
            keys.add(key);
            lines.add("node\u0000" + key + '\u0000' + n.properties().contentHash(key) + '\u0000'
                    + (n.owner() == null ? "" : n.owner().toString()));
        }
        for (RelationInput r : batch.relations()) {
            keys.add(r.from().toString());
            keys.add(r.to().toString());
            lines.add("relation\u0000" + r.from() + '\u0000' + r.type().name() + '\u0000' + r.to() + '\u0000'
                    + r.validFrom() + '\u0000' + r.validTo() + '\u0000' + r.properties().toJson());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("nodes", Map.of("created", summary.nodes().created(), "updated", summary.nodes().updated()));
        details.put("relations", Map.of("created", summary.relations().created(),
                "updated", summary.relations().updated()));
        boolean single = batch.nodes().size() + batch.relations().size() == 1;
        String action;
        String target;
        if (single && batch.nodes().size() == 1) {
            action = "node.write";
            target = batch.nodes().get(0).key().toString();
        } else if (single) {
            action = "relation.write";
            target = batch.relations().get(0).from().toString();
        } else {
            action = "batch.write";
            target = keys.isEmpty() ? null : keys.first();
        }
        List<String> more = List.of();
        if (keys.size() > LISTED_KEYS) {
            details.put("keys", Map.of("count", keys.size(), "listed", LISTED_KEYS, "digest", Digest.ofLines(keys)));
            List<String> all = new ArrayList<>(keys);
            more = all.subList(LISTED_KEYS, all.size());
            keys = new TreeSet<>(all.subList(0, LISTED_KEYS));
        }
        keys.remove(target);
        return new Event(new AuditEntry(action, target, new ArrayList<>(keys), null, Digest.ofLines(lines), null,
                details), more);
    }
}
