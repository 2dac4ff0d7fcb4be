package io.pedigree.testing;

import org.neo4j.driver.Record;

import java.util.List;

/** Reads the audit log straight from the graph, to check that a change wrote its event and a refusal none. */
public final class Audit {

    private Audit() {
    }

    /** Every event in the log. */
    public static long count() {
        return Graph.count("MATCH (e:AuditEvent) RETURN count(e) AS c");
    }

    /** The events with {@code action}. */
    public static long count(String action) {
        return Graph.count("MATCH (e:AuditEvent {action: $a}) RETURN count(e) AS c", "a", action);
    }

    /** The events with {@code action}, oldest first: action, actor, target, targets, reason, details. */
    public static List<Record> events(String action) {
        return Graph.rows("""
                MATCH (e:AuditEvent {action: $a})
                RETURN e.action AS action, e.actor AS actor, e.target AS target, e.targets AS targets,
                       e.reason AS reason, e.details AS details
                ORDER BY e.seq""", "a", action);
    }

    /** The newest event: action, actor, target, reason, details. */
    public static Record last() {
        return Graph.rows("""
                MATCH (e:AuditEvent)
                RETURN e.action AS action, e.actor AS actor, e.target AS target, e.targets AS targets,
                       e.reason AS reason, e.details AS details
                ORDER BY e.seq DESC LIMIT 1""").get(0);
    }

    /** The actions of every event, oldest first. */
    public static List<String> actions() {
        return Graph.rows("MATCH (e:AuditEvent) RETURN e.action AS a ORDER BY e.seq").stream()
                .map(r -> r.get("a").asString()).toList();
    }
}
