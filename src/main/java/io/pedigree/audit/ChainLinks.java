package io.pedigree.audit;

import io.pedigree.store.Database;
import org.neo4j.driver.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a stretch of the chain as {@link ChainLink}s, from the stored text of each event, a page at a time. */
final class ChainLinks {

    private static final String WALK = """
            MATCH (e:AuditEvent)
            WHERE $first <= e.seq <= $last
            RETURN e AS event
            ORDER BY e.seq
            LIMIT $limit
            """;

    private final Database db;
    private final int pageSize;

    ChainLinks(Database db, int pageSize) {
        this.db = db;
        this.pageSize = pageSize;
    }

    List<ChainLink> read(long first, long last) {
        List<ChainLink> out = new ArrayList<>();
        long from = first;
        while (from <= last) {
            long start = from;
            List<Value> page = db.read(tx -> tx.run(WALK, Map.of("first", start, "last", last, "limit", pageSize))
                    .list(r -> r.get("event")));
            if (page.isEmpty()) {
                break;
            }
            for (Value node : page) {
                out.add(link(node));
            }
            from = page.get(page.size() - 1).get("seq").asLong() + 1;
        }
        return out;
    }

    private static ChainLink link(Value node) {
        AuditEvent e = AuditLog.fromNode(node);
        String stored = node.get("details").asString(null);
        String content = e.contentDigest() == null || e.erasedBy() != null ? null
                : AuditEvent.contentText(e.actor(), e.target(), e.targets(), e.reason(), stored);
        return new ChainLink(e.seq(), e.hash(), e.hashedText(stored), content);
    }
}
