package io.pedigree.audit;

import io.pedigree.store.Database;
import org.neo4j.driver.Value;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads pages of audit events in sequence order, each page in a read transaction of its own. */
final class AuditReader {

    // The conditions below fill the WHERE clause. Each is fixed text with its own parameter, and only the
    // filters given are put in, so the planner sees plain predicates it can answer from the V0003 indexes.
    private static final String PAGE = """
            %s
            WHERE %s
            RETURN e AS event
            ORDER BY e.seq
            LIMIT $limit
            """;

    private static final String AFTER = "e.seq > $after";
    private static final String FROM = "e.at >= $from";
    private static final String TO = "e.at < $to";
    private static final String ALL = "MATCH (e:AuditEvent)";
    // A key is found through its AuditTarget node (a unique-index seek) and that node's links to the events
    // naming it, never by reading every event's list of keys.
    // Keys of large batches beyond those their events name are found in the key's bucket (AuditKeys), by index.
    private static final String BY_TARGET = """
            CALL () {
                MATCH (:AuditTarget {key: $target})<-[:CONCERNS]-(e:AuditEvent)
                RETURN e
                UNION
                MATCH (k:AuditKeys {bucket: $bucket})
                WHERE $target IN k.keys
                MATCH (e:AuditEvent {seq: k.seq})
                RETURN e
            }
            WITH e""";
    private static final String ACTOR = "e.actor = $actor";
    private static final String ACTION = "e.action = $action";
    private static final String ACTION_PREFIX = "e.action STARTS WITH $action";

    // The newest events, found from the head's number so the seq index answers without a scan.
    private static final String LATEST = """
            MATCH (h:AuditHead {id: 'audit'})
            MATCH (e:AuditEvent)
            WHERE e.seq > h.seq - $count
            RETURN e AS event
            ORDER BY e.seq DESC
            """;

    private final Database db;

    AuditReader(Database db) {
        this.db = db;
    }

    List<AuditEvent> latest(int count) {
        return db.read(tx -> tx.run(LATEST, Map.of("count", count)).list(r -> AuditLog.fromNode(r.get("event"))));
    }

    /** The query that reads one page of a query, with its parameters. */
    record Prepared(String cypher, Map<String, Object> params) {
    }

    /** The query that reads one page of {@code q}; the test of its plan runs it under EXPLAIN. */
    static Prepared prepare(AuditQuery q) {
        List<String> where = new ArrayList<>(List.of(AFTER));
        Map<String, Object> params = new HashMap<>();
        params.put("after", q.after());
        params.put("limit", q.limit() + 1);
        if (q.from() != null) {
            where.add(FROM);
            params.put("from", q.from().atZone(ZoneOffset.UTC));
        }
        if (q.to() != null) {
            where.add(TO);
            params.put("to", q.to().atZone(ZoneOffset.UTC));
        }
        if (q.target() != null) {
            params.put("target", q.target());
            params.put("bucket", AuditKeys.bucket(q.target()));
        }
        if (q.actor() != null) {
            where.add(ACTOR);
            params.put("actor", q.actor());
        }
        if (q.action() != null) {
            where.add(q.actionIsPrefix() ? ACTION_PREFIX : ACTION);
            params.put("action", q.action());
        }
        return new Prepared(PAGE.formatted(q.target() == null ? ALL : BY_TARGET, String.join("\n  AND ", where)),
                params);
    }

    AuditPage page(AuditQuery q) {
        Prepared p = prepare(q);
        String cypher = p.cypher();
        Map<String, Object> params = p.params();
        List<Value> nodes = db.read(tx -> tx.run(cypher, params).list(r -> r.get("event")));
        List<AuditEvent> items = new ArrayList<>();
        for (int i = 0; i < Math.min(nodes.size(), q.limit()); i++) {
            items.add(AuditLog.fromNode(nodes.get(i)));
        }
        String next = nodes.size() > q.limit() ? AuditCursor.encode(items.get(items.size() - 1).seq()) : null;
        return new AuditPage(items, next);
    }
}
