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

    private WriteEvents() {
    }

    /** One event per write request: single writes name their key, batches list every key they touched. */
    static AuditEntry of(Batch batch, WriteSummary summary) {
        List<Map<String, Object>> content = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>();
        for (NodeInput n : batch.nodes()) {
            keys.add(n.key().toString());
            content.add(Map.of("key", n.key().toString(), "contentHash", n.properties().contentHash(n.key().toString()),
                    "owner", n.owner() == null ? "" : n.owner().toString()));
        }
        for (RelationInput r : batch.relations()) {
            keys.add(r.from().toString());
            keys.add(r.to().toString());
            Map<String, Object> rel = new LinkedHashMap<>();
            rel.put("from", r.from().toString());
            rel.put("type", r.type().name());
            rel.put("to", r.to().toString());
            rel.put("validFrom", r.validFrom() == null ? null : r.validFrom().toString());
            rel.put("validTo", r.validTo() == null ? null : r.validTo().toString());
            rel.put("props", r.properties().toJson());
            content.add(rel);
        }
        Map<String, Object> details = Map.of(
                "nodes", Map.of("created", summary.nodes().created(), "updated", summary.nodes().updated()),
                "relations", Map.of("created", summary.relations().created(), "updated", summary.relations().updated()));
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
        keys.remove(target);
        return new AuditEntry(action, target, new ArrayList<>(keys), null, Digest.of(content), null, details);
    }
}
