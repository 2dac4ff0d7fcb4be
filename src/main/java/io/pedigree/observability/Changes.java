package io.pedigree.observability;

import io.pedigree.governance.Quarantines;
import io.pedigree.lineage.NodeKey;
import io.pedigree.registry.Comparison;
import io.pedigree.registry.Comparisons;
import io.pedigree.registry.ModelName;
import io.pedigree.store.Database;
import org.neo4j.driver.Value;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Works out {@link WhatChanged} for an incident: the registry's compare, and upstream events in the window. */
public final class Changes {

    /** How far before an incident's start upstream quarantines and new versions are looked for. */
    public static final Duration WINDOW = Duration.ofDays(7);

    // Upstream as the taint check walks it (training data, base models, artifacts, families), over any depth the
    // limit allows; the quarantine's time bounds it to the window.
    private static final String QUARANTINED = """
            MATCH (v:Node {key: $version})
            MATCH (q:Quarantine)-[:QUARANTINES]->(bad:Node)
            WHERE q.createdAt >= $from AND q.createdAt <= $to
            MATCH p = shortestPath((v)-[:%s*0..12]->(bad))
            RETURN q.id AS id, bad.key AS asset, q.reason AS reason, q.createdAt AS at, q.releasedAt IS NULL AS active
            ORDER BY at DESC
            LIMIT 50
            """.formatted(Quarantines.TAINT_TYPES);

    private static final String REVERSIONED = """
            MATCH (v:Node {key: $version})-[:WAS_GENERATED_BY|USED|DERIVED_FROM*1..8]->(used:Node)-[:VERSION_OF]->(f)
            WITH DISTINCT used, f
            MATCH (newer:Node)-[:VERSION_OF]->(f)
            WHERE newer <> used AND newer.createdAt >= $from AND newer.createdAt <= $to
            RETURN used.key AS used, newer.key AS newer, newer.createdAt AS at
            ORDER BY at DESC, newer
            LIMIT 50
            """;

    private final Database db;
    private final Incidents incidents;
    private final Comparisons comparisons;

    public Changes(Database db, Incidents incidents, Comparisons comparisons) {
        this.db = db;
        this.incidents = incidents;
        this.comparisons = comparisons;
    }

    public WhatChanged of(String incidentId) {
        Incident incident = incidents.get(incidentId);
        Instant to = incident.startedAt();
        Instant from = to.minus(WINDOW);
        Comparison comparison = compare(incident.version(), incident.previousVersion());
        if (incident.version() == null) {
            return new WhatChanged(incident.id(), null, incident.previousVersion(), null, from, to, List.of(),
                    List.of());
        }
        Map<String, Object> p = Map.of("version", incident.version(), "from", from.atZone(ZoneOffset.UTC),
                "to", to.atZone(ZoneOffset.UTC));
        return db.read(tx -> new WhatChanged(incident.id(), incident.version(), incident.previousVersion(),
                comparison, from, to,
                tx.run(QUARANTINED, p).list(r -> new WhatChanged.QuarantinedUpstream(r.get("id").asString(),
                        r.get("asset").asString(), r.get("reason").asString(null), instant(r.get("at")),
                        r.get("active").asBoolean())),
                tx.run(REVERSIONED, p).list(r -> new WhatChanged.NewerVersion(r.get("used").asString(),
                        r.get("newer").asString(), instant(r.get("at"))))));
    }

    private Comparison compare(String version, String previous) {
        if (version == null || previous == null) {
            return null;
        }
        NodeKey a = NodeKey.parse("version", previous);
        NodeKey b = NodeKey.parse("version", version);
        if (a.kind() != io.pedigree.lineage.Kind.MODEL || !a.name().equals(b.name())) {
            return null;
        }
        return comparisons.compare(ModelName.parse("name", a.name()), Integer.parseInt(a.version()),
                Integer.parseInt(b.version()));
    }

    private static Instant instant(Value v) {
        return v == null || v.isNull() ? null : v.asZonedDateTime().toInstant();
    }
}
