package io.pedigree.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.error.PedigreeException;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeKey;
import org.neo4j.driver.TransactionContext;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds, when events are accepted, those that name a retracted key, so they are refused (409) before they are
 * stored: the job, the run, each dataset, its symlinks, the version a dataset mention names (by the producer's
 * version facet or by its schema), and for a mention with neither the version it stands for in the graph as it is.
 * Applying checks again, on everything the event touches then; what changed in between is refused there.
 */
final class RetractedAtAccept {

    // The version a mention without version or schema stands for: the placeholder while the dataset has no real
    // version, else the latest that began at or before the mention, else the earliest (as DatasetVersions picks).
    private static final String BY_TIME = """
            CYPHER replan=skip
            UNWIND $mentions AS m
            MATCH (f:Node {key: m.family})
            OPTIONAL MATCH (v:Node)-[:VERSION_OF]->(f) WHERE v.olPlaceholder IS NULL
            WITH m, collect(v) AS real
            WITH m, real, [x IN real WHERE x.validFrom <= m.t] AS eligible
            WITH m, CASE WHEN size(real) = 0 THEN m.placeholder ELSE (%s).key END AS version
            MATCH (n:Node {key: version}) WHERE n.retractedAt IS NOT NULL
            RETURN m.digest AS digest, collect(DISTINCT version) AS retracted
            """.formatted(DatasetVersions.BEST_BY_TIME);

    private RetractedAtAccept() {
    }

    /** Per event (by digest) that names a retracted key, the conflict it is refused with. */
    static Map<String, PedigreeException.Conflict> find(TransactionContext tx, List<OlEvent> events) {
        Map<String, List<String>> named = new HashMap<>();
        Set<String> keys = new LinkedHashSet<>();
        List<Map<String, Object>> mentions = new ArrayList<>();
        for (OlEvent e : events) {
            List<String> k = names(e, mentions);
            named.put(e.digest(), k);
            keys.addAll(k);
        }
        Set<String> retracted = new java.util.HashSet<>(Retracted.among(tx, keys));
        Map<String, String> hits = new HashMap<>();
        for (OlEvent e : events) {
            named.get(e.digest()).stream().filter(retracted::contains).findFirst()
                    .ifPresent(hit -> hits.put(e.digest(), hit));
        }
        if (!mentions.isEmpty()) {
            tx.run(BY_TIME, Map.of("mentions", mentions)).forEachRemaining(r -> hits.putIfAbsent(
                    r.get("digest").asString(), r.get("retracted").get(0).asString()));
        }
        Map<String, PedigreeException.Conflict> out = new HashMap<>();
        hits.forEach((digest, hit) -> out.put(digest, Retracted.conflict(List.of(hit))));
        return out;
    }

    /** The keys {@code e} names outright; adds to {@code byTime} its dataset mentions resolved by time. */
    private static List<String> names(OlEvent e, List<Map<String, Object>> byTime) {
        List<NodeKey> keys = new ArrayList<>();
        if (e.job() != null) {
            keys.add(Keys.job(e.job()));
            if (e.runId() != null) {
                keys.add(Keys.run(e.job(), e.runId()));
            }
        }
        List<OlEvent.Dataset> datasets = new ArrayList<>(e.inputs());
        datasets.addAll(e.outputs());
        if (e.dataset() != null) {
            datasets.add(e.dataset());
        }
        for (OlEvent.Dataset d : datasets) {
            NodeKey family = DatasetVersions.family(d.id(), "$.dataset.name");
            keys.add(family);
            Symlinks.identifiers(d.facets()).forEach(i -> keys.add(DatasetVersions.family(i, "$.dataset.name")));
            if (e.type() != OlEvent.Type.RUN) {
                continue;
            }
            JsonNode fields = d.facets().path("schema").path("fields");
            String fp = DatasetVersions.fingerprint(fields.isArray() ? fields : null);
            try {
                if (d.explicitVersion() != null) {
                    keys.add(Keys.of(Kind.DATASET, d.id(), d.explicitVersion(), "$.dataset.name"));
                } else if (fp != null) {
                    keys.add(Keys.of(Kind.DATASET, d.id(), "schema-" + fp, "$.dataset.name"));
                } else {
                    byTime.add(Map.of("digest", e.digest(), "family", family.toString(), "t",
                            e.eventTime().atZone(ZoneOffset.UTC), "placeholder",
                            Keys.of(Kind.DATASET, d.id(), DatasetVersions.PLACEHOLDER, "$.dataset.name").toString()));
                }
            } catch (PedigreeException | IllegalArgumentException unnamed) {
                // A version that makes no key is refused when the event is applied, with the field it came from.
            }
        }
        return EventStore.keys(keys);
    }
}
