package io.pedigree.openlineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pedigree.audit.AuditEntry;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.Properties;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Makes the identities a {@code symlinks} facet names one dataset (docs/openlineage.md#symlinks). Every name of
 * a dataset resolves to its canonical name, the smallest key among them, so the answer depends on the set of
 * names seen and not on the order they came in; a name that already had a dataset of its own is merged into the
 * canonical one ({@link DatasetMerge}). Runs before a group is planned: one indexed lookup for the whole group,
 * then the group's events name canonical datasets only.
 */
final class Symlinks {

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** The group's events naming canonical datasets, what to audit, and the canonicals whose aliases to show. */
    record Resolved(List<OlEvent> events, List<AuditEntry> audit, Map<String, List<String>> aliases) {
    }

    private static final String LOOKUP = """
            UNWIND $keys AS k
            OPTIONAL MATCH (a:DatasetAlias {key: k})
            WITH k, coalesce(a.canonical, k) AS c, a IS NOT NULL AS aliased
            OPTIONAL MATCH (n:Node {key: k})
            CALL (c) {
                OPTIONAL MATCH (b:DatasetAlias {canonical: c})
                RETURN collect(b.key) AS aliases
            }
            RETURN k AS key, c AS canonical, aliased, n IS NOT NULL AS exists,
                   n.retractedAt IS NOT NULL AS retracted, aliases
            """;

    // Records that `key` names `canonical`, and moves the aliases `key` was canonical for.
    private static final String RECORD = """
            UNWIND $rows AS row
            MERGE (a:DatasetAlias {key: row.key})
            ON CREATE SET a.recordedAt = $now, a.recordedBy = $actor
            SET a.canonical = row.canonical
            WITH row
            OPTIONAL MATCH (b:DatasetAlias {canonical: row.key})
            SET b.canonical = row.canonical
            """;

    private static final String ALIASES_OF = """
            MATCH (b:DatasetAlias {canonical: $key}) RETURN b.key AS alias ORDER BY alias
            """;

    private static final String CANONICAL_OF = """
            OPTIONAL MATCH (a:DatasetAlias {key: $key}) RETURN a.canonical AS canonical
            """;

    private static final String PROPS = """
            UNWIND $keys AS k
            MATCH (n:Node {key: k})
            RETURN n.key AS key, n.props AS props
            """;

    private static final String SET_PROPS = """
            UNWIND $rows AS row
            MATCH (n:Node {key: row.key})
            SET n += row.fields, n.props = row.props, n.contentHash = row.hash
            """;

    private Symlinks() {
    }

    /**
     * Records the aliases the group's symlinks facets name, merges datasets they join, and answers the events
     * with every dataset named by its canonical key. Refuses (409) a symlink to a retracted key unless
     * {@code again} (a replay of accepted events).
     */
    static Resolved resolve(TransactionContext tx, List<OlEvent> events, boolean again, ZonedDateTime now,
                            String actor) {
        Set<String> keys = new LinkedHashSet<>();
        Map<String, Set<String>> links = new LinkedHashMap<>();
        for (OlEvent e : events) {
            for (OlEvent.Dataset d : datasets(e)) {
                String self = family(d.id());
                keys.add(self);
                for (OlEvent.Identity other : identifiers(d.facets())) {
                    String o = family(other);
                    keys.add(o);
                    if (!o.equals(self)) {
                        links.computeIfAbsent(self, k -> new LinkedHashSet<>()).add(o);
                    }
                }
                ColumnLineage.identities(d.facets()).forEach(i -> keys.add(family(i)));
            }
        }
        if (keys.isEmpty()) {
            return new Resolved(events, List.of(), Map.of());
        }
        Map<String, Record> rows = new HashMap<>();
        for (Record r : tx.run(LOOKUP, Map.of("keys", List.copyOf(keys))).list()) {
            rows.put(r.get("key").asString(), r);
        }
        UnionFind names = new UnionFind();
        Map<String, String> canonical = new HashMap<>();
        List<String> strays = new ArrayList<>();
        for (Record r : rows.values()) {
            String k = r.get("key").asString();
            String c = r.get("canonical").asString();
            canonical.put(k, c);
            if (r.get("aliased").asBoolean()) {
                names.union(k, c);
                if (r.get("exists").asBoolean()) {
                    // Named as a dataset of its own by a group that ran beside the one that made it an alias.
                    strays.add(k);
                }
            }
        }
        links.forEach((k, others) -> others.forEach(o -> names.union(k, o)));

        List<AuditEntry> audit = new ArrayList<>();
        Map<String, List<String>> aliases = new TreeMap<>();
        if (!links.isEmpty() || !strays.isEmpty()) {
            Set<String> joined = new TreeSet<>();
            links.forEach((k, others) -> {
                joined.add(k);
                joined.addAll(others);
            });
            joined.addAll(strays);
            Map<String, TreeSet<String>> components = new TreeMap<>();
            for (String k : joined) {
                components.computeIfAbsent(names.find(k), x -> new TreeSet<>()).add(k);
                components.get(names.find(k)).add(canonical.getOrDefault(k, k));
            }
            for (TreeSet<String> members : components.values()) {
                if (!again) {
                    refuseRetracted(members, rows);
                }
                String into = members.first();
                List<Map<String, Object>> record = new ArrayList<>();
                for (String m : members) {
                    if (m.equals(into)) {
                        continue;
                    }
                    record.add(Map.of("key", m, "canonical", into));
                }
                tx.run(RECORD, Map.of("rows", record, "now", now, "actor", actor)).consume();
                List<String> named = new ArrayList<>();
                for (String m : members) {
                    canonical.put(m, into);
                    if (!m.equals(into)) {
                        named.add(m);
                    }
                    if (!m.equals(into) && exists(tx, m)) {
                        DatasetMerge.Merged merged = DatasetMerge.merge(tx, NodeKey.parse("key", m),
                                NodeKey.parse("key", into), now, actor);
                        audit.add(new AuditEntry("openlineage.symlink.merge", into, List.of(m), null, null, null,
                                Map.of("merged", m, "into", into, "versions", merged.versions())));
                    }
                }
                audit.add(new AuditEntry("openlineage.symlink", into, named, null, null, null,
                        Map.of("aliases", named)));
                aliases.put(into, aliasesOf(tx, into));
            }
        }
        for (Record r : rows.values()) {
            String c = canonical.get(r.get("key").asString());
            if (!aliases.containsKey(c) && !r.get("aliases").isEmpty() && c.equals(r.get("canonical").asString())) {
                aliases.put(c, new TreeSet<>(r.get("aliases").asList(Value::asString)).stream().toList());
            }
        }
        for (String k : keys) {
            canonical.putIfAbsent(k, k);
        }
        List<OlEvent> out = new ArrayList<>();
        for (OlEvent e : events) {
            out.add(rewrite(e, canonical));
        }
        return new Resolved(out, audit, aliases);
    }

    /** Shows each canonical's aliases as its readable {@code aliases} property, after the group wrote its props. */
    static void show(TransactionContext tx, Map<String, List<String>> aliases) {
        if (aliases.isEmpty()) {
            return;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Record r : tx.run(PROPS, Map.of("keys", List.copyOf(aliases.keySet()))).list()) {
            String key = r.get("key").asString();
            Properties have = Properties.fromJson(r.get("props").asString("{}"));
            Object want = aliases.get(key);
            if (want.equals(have.values().get("aliases"))) {
                continue;
            }
            TreeMap<String, Object> values = new TreeMap<>(have.values());
            values.put("aliases", want);
            Properties props;
            try {
                props = Properties.fromJson(CANONICAL.writeValueAsString(values));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            Map<String, Object> fields = new HashMap<>(props.nativeValues());
            rows.add(Map.of("key", key, "fields", fields, "props", props.toJson(), "hash", props.contentHash(key)));
        }
        if (!rows.isEmpty()) {
            tx.run(SET_PROPS, Map.of("rows", rows)).consume();
        }
    }

    /** The canonical key of {@code key}: a dataset named by a symlink answers for its canonical dataset. */
    static NodeKey canonical(TransactionContext tx, NodeKey key) {
        if (key.kind() != Kind.DATASET) {
            return key;
        }
        NodeKey family = key.family().orElse(key);
        String c = tx.run(CANONICAL_OF, Map.of("key", family.toString())).single().get("canonical").asString(null);
        if (c == null) {
            return key;
        }
        NodeKey to = NodeKey.parse("key", c);
        return key.isVersion() ? to.withVersion(key.version()) : to;
    }

    static List<String> aliasesOf(TransactionContext tx, String key) {
        return tx.run(ALIASES_OF, Map.of("key", key)).list(r -> r.get("alias").asString());
    }

    /** The identities a (validated, see {@link EventParser}) symlinks facet names. */
    static List<OlEvent.Identity> identifiers(ObjectNode facets) {
        List<OlEvent.Identity> out = new ArrayList<>();
        for (JsonNode i : facets.path("symlinks").path("identifiers")) {
            out.add(new OlEvent.Identity(i.get("namespace").asText().strip(), i.get("name").asText().strip()));
        }
        return out;
    }

    private static void refuseRetracted(Set<String> members, Map<String, Record> rows) {
        List<String> retracted = members.stream().filter(m -> rows.containsKey(m)
                && rows.get(m).get("retracted").asBoolean()).toList();
        if (!retracted.isEmpty()) {
            throw Retracted.conflict(retracted);
        }
    }

    private static boolean exists(TransactionContext tx, String key) {
        return tx.run("OPTIONAL MATCH (n:Node {key: $key}) RETURN n IS NOT NULL AS exists", Map.of("key", key))
                .single().get("exists").asBoolean();
    }

    private static OlEvent rewrite(OlEvent e, Map<String, String> canonical) {
        boolean changed = false;
        for (OlEvent.Dataset d : datasets(e)) {
            changed |= !canonical.get(family(d.id())).equals(family(d.id()))
                    || ColumnLineage.identities(d.facets()).stream()
                    .anyMatch(i -> !canonical.getOrDefault(family(i), family(i)).equals(family(i)));
        }
        if (!changed) {
            return e;
        }
        return new OlEvent(e.type(), e.eventType(), e.eventTime(), e.producer(), e.schemaUrl(), e.runId(), e.job(),
                e.runFacets(), e.jobFacets(), rewrite(e.inputs(), canonical), rewrite(e.outputs(), canonical),
                e.dataset() == null ? null : rewrite(List.of(e.dataset()), canonical).get(0), e.digest(), e.raw());
    }

    private static List<OlEvent.Dataset> rewrite(List<OlEvent.Dataset> list, Map<String, String> canonical) {
        List<OlEvent.Dataset> out = new ArrayList<>();
        for (OlEvent.Dataset d : list) {
            out.add(new OlEvent.Dataset(identity(canonical.get(family(d.id()))),
                    ColumnLineage.rename(d.facets(), i -> identity(canonical.getOrDefault(family(i), family(i)))),
                    d.ioFacets()));
        }
        return List.copyOf(out);
    }

    private static OlEvent.Identity identity(String familyKey) {
        NodeKey k = NodeKey.parse("key", familyKey);
        return new OlEvent.Identity(k.namespace(), k.name());
    }

    private static String family(OlEvent.Identity id) {
        return DatasetVersions.family(id, "$.inputs").toString();
    }

    private static List<OlEvent.Dataset> datasets(OlEvent e) {
        List<OlEvent.Dataset> all = new ArrayList<>(e.inputs());
        all.addAll(e.outputs());
        if (e.dataset() != null) {
            all.add(e.dataset());
        }
        return all;
    }

    /** Names joined by symlinks, each set named by any member. */
    private static final class UnionFind {
        private final Map<String, String> parent = new HashMap<>();

        String find(String k) {
            String p = parent.getOrDefault(k, k);
            if (p.equals(k)) {
                return k;
            }
            String root = find(p);
            parent.put(k, root);
            return root;
        }

        void union(String a, String b) {
            String ra = find(a);
            String rb = find(b);
            if (!ra.equals(rb)) {
                parent.put(ra.compareTo(rb) < 0 ? rb : ra, ra.compareTo(rb) < 0 ? ra : rb);
            }
        }
    }
}
