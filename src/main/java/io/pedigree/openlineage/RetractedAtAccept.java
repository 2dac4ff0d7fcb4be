package io.pedigree.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.error.PedigreeException;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeKey;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What accepting checks, in the statement that stores a group ({@link Inbox}), so that an event naming a
 * retracted key is refused (409) before it is stored: the job, the run, each dataset, its symlinks, the version a
 * dataset mention names (by the producer's version facet or by its schema), and for a mention with neither the
 * version it stands for in the graph as it is. Applying checks again, on everything the event touches then; what
 * changed in between is refused there.
 */
final class RetractedAtAccept {

    /**
     * The part of the accepting statement that finds, for {@code row} (with {@code row.keys} and
     * {@code row.mentions} from {@link #named}) unless {@code already} stored, the retracted keys it names:
     * {@code retracted}, each once, those named outright first, in their order. A mention without version or schema stands
     * for the placeholder while the dataset has no real version, else the version valid at its time (as
     * {@link DatasetVersions} picks).
     */
    static final String CHECK = """
            CALL (row, already) {
              UNWIND CASE WHEN already THEN [] ELSE row.keys END AS key
              OPTIONAL MATCH (n:Node {key: key}) WHERE n.retractedAt IS NOT NULL
              RETURN collect(n.key) AS outright
            }
            CALL (row, already) {
              UNWIND CASE WHEN already THEN [] ELSE row.mentions END AS m
              MATCH (f:Node {key: m.family})
              OPTIONAL MATCH (v:Node)-[:VERSION_OF]->(f) WHERE v.olPlaceholder IS NULL
              WITH m, collect(v) AS real
              WITH m, real, [x IN real WHERE x.validFrom <= m.t] AS eligible
              WITH CASE WHEN size(real) = 0 THEN m.placeholder ELSE (%s).key END AS version
              OPTIONAL MATCH (n:Node {key: version}) WHERE n.retractedAt IS NOT NULL
              RETURN collect(DISTINCT n.key) AS byTime
            }
            WITH row, already, outright + [k IN byTime WHERE NOT k IN outright] AS retracted
            """.formatted(DatasetVersions.BEST_BY_TIME);

    private RetractedAtAccept() {
    }

    /**
     * The parameters {@link #CHECK} reads of {@code e}: {@code keys}, those it names outright, and
     * {@code mentions}, its dataset mentions resolved by time.
     */
    static Map<String, Object> named(OlEvent e) {
        List<Map<String, Object>> mentions = new ArrayList<>();
        return Map.of("keys", names(e, mentions), "mentions", mentions);
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
                    byTime.add(Map.of("family", family.toString(), "t", e.eventTime().atZone(ZoneOffset.UTC),
                            "placeholder",
                            Keys.of(Kind.DATASET, d.id(), DatasetVersions.PLACEHOLDER, "$.dataset.name").toString()));
                }
            } catch (PedigreeException | IllegalArgumentException unnamed) {
                // A version that makes no key is refused when the event is applied, with the field it came from.
            }
        }
        return EventStore.keys(keys);
    }
}
