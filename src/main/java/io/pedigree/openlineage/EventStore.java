package io.pedigree.openlineage;

import io.pedigree.lineage.NodeKey;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Events as received, one {@code OlEvent} node each, named by the digest of the canonical event. They are kept
 * in Neo4j rather than the blob store so an event and the graph it makes commit in one transaction: there is
 * never a stored event without its mapping, or the reverse.
 */
final class EventStore {

    private static final String STORE = """
            MERGE (e:OlEvent {digest: $digest})
            ON CREATE SET e += $fields, e._created = true
            WITH e, coalesce(e._created, false) AS created
            REMOVE e._created
            RETURN created
            """;

    static final String COLUMNS = """
            e.digest AS digest, e.type AS type, e.eventType AS eventType, e.eventTime AS eventTime,
            e.producer AS producer, e.runId AS runId, e.jobKey AS job, e.receivedAt AS receivedAt,
            e.receivedBy AS receivedBy, e.raw AS event,
            CASE WHEN e:OlPending THEN 'pending' WHEN e.refused IS NOT NULL THEN 'refused' ELSE 'applied' END AS state,
            e.refused AS refused
            """;

    private EventStore() {
    }

    /** Stores {@code e}; false when an event with its digest is stored already. */
    static boolean store(TransactionContext tx, OlEvent e, ZonedDateTime now, String actor) {
        return tx.run(STORE, Map.of("digest", e.digest(), "fields", fields(e, now, actor))).single().get("created")
                .asBoolean();
    }

    /** The stored properties of an event node. */
    static Map<String, Object> fields(OlEvent e, ZonedDateTime now, String actor) {
        Map<String, Object> f = new HashMap<>();
        f.put("raw", e.raw());
        f.put("bytes", e.raw().length());
        f.put("type", e.type().name());
        f.put("eventType", e.eventType() == null ? null : e.eventType().name());
        f.put("eventTime", e.eventTime().atZone(ZoneOffset.UTC));
        f.put("producer", e.producer());
        f.put("schemaURL", e.schemaUrl());
        f.put("receivedAt", now);
        f.put("receivedBy", actor);
        if (e.job() != null) {
            f.put("jobKey", Keys.job(e.job()).toString());
        }
        if (e.runId() != null) {
            f.put("runId", e.runId());
            f.put("runKey", Keys.run(e.job(), e.runId()).toString());
        }
        if (e.dataset() != null) {
            f.put("datasetKey", DatasetVersions.family(e.dataset().id(), "$.dataset.name").toString());
        }
        return f;
    }

    static Views.StoredEvent event(Record r) {
        return new Views.StoredEvent(r.get("digest").asString(), r.get("type").asString(null),
                r.get("eventType").asString(null), instant(r.get("eventTime")), r.get("producer").asString(null),
                r.get("runId").asString(null), r.get("job").asString(null), instant(r.get("receivedAt")),
                r.get("receivedBy").asString(null), r.get("event").asString(null), r.get("state").asString(),
                r.get("refused").asString(null));
    }

    static java.time.Instant instant(Value v) {
        return v == null || v.isNull() ? null : v.asZonedDateTime().toInstant();
    }

    static List<String> keys(List<NodeKey> keys) {
        return keys.stream().map(NodeKey::toString).distinct().toList();
    }
}
