package io.pedigree.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Erases personal data from the content of audit events (target keys, reason, details) without breaking the
 * chain: each event's hash covers a digest of its content, not the content, so the content can be replaced. The
 * erasure event, appended to the chain, records for each event it changed the event's hash and the digest of its
 * new content, so verification still catches any later edit of an erased event.
 */
public final class Erasures {

    /** The action of the audit event that records an erasure. */
    public static final String ACTION = "personal-data.erase";

    /** What an erasure event recorded about one event it changed. */
    record Record(String hash, String contentDigest) {
    }

    /** One replacement: every occurrence of {@code find} (ignoring case) becomes {@code replacement}. */
    public record Rewrite(String find, String replacement, Pattern pattern) {
        public Rewrite(String find, String replacement) {
            // Compiled once: an erasure applies each rewrite to every field of every record that holds it.
            this(find, replacement, Pattern.compile(Pattern.quote(find),
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
        }

        public String apply(String text) {
            return text == null ? null : pattern.matcher(text).replaceAll(Matcher.quoteReplacement(replacement));
        }
    }

    // A full scan: erasure is a rare admin request, and free text has no index to ask.
    private static final String FIND = """
            MATCH (e:AuditEvent)
            WHERE any(t IN $terms WHERE toLower(coalesce(e.details, '')) CONTAINS t
                  OR (e.contentDigest IS NOT NULL AND toLower(coalesce(e.actor, '')) CONTAINS t)
                  OR toLower(coalesce(e.reason, '')) CONTAINS t OR toLower(coalesce(e.target, '')) CONTAINS t
                  OR any(k IN coalesce(e.targets, []) WHERE toLower(k) CONTAINS t))
            RETURN e AS event
            ORDER BY e.seq
            """;

    private static final String REWRITE = """
            MATCH (e:AuditEvent {seq: $seq})
            SET e.actor = $actor, e.target = $target, e.targets = $targets, e.reason = $reason, e.details = $details,
                e.erasedBy = $erasedBy
            """;

    private static final String TARGETS_HOLDING = """
            MATCH (t:AuditTarget)
            WHERE any(term IN $terms WHERE toLower(t.key) CONTAINS term)
            RETURN t.key AS key
            """;

    // The links move to the target node of the rewritten key (which may exist already), and the old node goes.
    private static final String MOVE_TARGET = """
            MATCH (t:AuditTarget {key: $from})
            MERGE (u:AuditTarget {key: $to})
            WITH t, u
            CALL (t, u) {
                MATCH (e:AuditEvent)-[c:CONCERNS]->(t)
                MERGE (e)-[:CONCERNS]->(u)
                DELETE c
            }
            DETACH DELETE t
            """;

    private static final String NEXT_SEQ = """
            MATCH (h:AuditHead {id: 'audit'})
            RETURN h.seq + 1 AS seq
            """;

    private final AuditLog log;

    Erasures(AuditLog log) {
        this.log = log;
    }

    /**
     * Applies {@code rewrites}, in order, to the content of every event that holds one of their terms, then
     * appends the erasure event built from {@code entry}, whose details gain the record of what changed. Runs in
     * the caller's transaction, after every other change it makes; answers the erasure event.
     */
    public AuditEvent erase(TransactionContext tx, String actor, List<Rewrite> rewrites, AuditEntry entry) {
        log.lockHead(tx);
        long erasure = tx.run(NEXT_SEQ).single().get("seq").asLong();
        List<String> terms = rewrites.stream().map(r -> r.find().toLowerCase(java.util.Locale.ROOT)).toList();
        List<Map<String, Object>> changed = new ArrayList<>();
        for (Value n : tx.run(FIND, Map.of("terms", terms)).list(r -> r.get("event"))) {
            AuditEvent e = AuditLog.fromNode(n);
            // The actor is erasable content only where the chain hashes it through the content digest.
            String actorName = e.actor();
            String target = e.target();
            List<String> targets = e.targets();
            String reason = e.reason();
            String details = n.get("details").asString("{}");
            for (Rewrite r : rewrites) {
                if (e.contentDigest() != null) {
                    actorName = r.apply(actorName);
                }
                target = r.apply(target);
                targets = targets.stream().map(r::apply).toList();
                reason = r.apply(reason);
                details = r.apply(details);
            }
            Map<String, Object> params = new HashMap<>();
            params.put("seq", e.seq());
            params.put("actor", actorName);
            params.put("target", target);
            params.put("targets", targets);
            params.put("reason", reason);
            params.put("details", details);
            params.put("erasedBy", erasure);
            tx.run(REWRITE, params).consume();
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("seq", e.seq());
            record.put("hash", e.hash());
            record.put("contentDigest", AuditEvent.contentDigest(actorName, target, targets, reason, details));
            changed.add(record);
        }
        for (String key : tx.run(TARGETS_HOLDING, Map.of("terms", terms)).list(r -> r.get("key").asString())) {
            String renamed = key;
            for (Rewrite r : rewrites) {
                renamed = r.apply(renamed);
            }
            tx.run(MOVE_TARGET, Map.of("from", key, "to", renamed)).consume();
        }
        AuditKeys.erase(tx, terms, rewrites);
        Map<String, Object> details = new LinkedHashMap<>(entry.details());
        details.put("events", changed);
        AuditEvent appended = log.append(tx, actor, entry.withDetails(details));
        if (appended.seq() != erasure) {
            throw new IllegalStateException("The audit head moved while it was locked");
        }
        return appended;
    }

    /** The records an erasure event's stored details hold, by the number of the event each is about. */
    static Map<Long, Record> recorded(String storedDetails) {
        Map<Long, Record> out = new HashMap<>();
        try {
            JsonNode events = Digest.CANONICAL.readTree(storedDetails).path("events");
            for (JsonNode e : events) {
                out.put(e.path("seq").asLong(), new Record(e.path("hash").asText(), e.path("contentDigest").asText()));
            }
        } catch (JsonProcessingException unreadable) {
            return Map.of();
        }
        return out;
    }
}
