package io.pedigree.lineage;

import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.store.Database;
import org.neo4j.cypherdsl.core.Condition;
import org.neo4j.cypherdsl.core.Cypher;
import org.neo4j.cypherdsl.core.Expression;
import org.neo4j.cypherdsl.core.Node;
import org.neo4j.cypherdsl.core.Statement;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Reads single nodes and pages of nodes. */
public final class NodeReader {

    private static final int VERSIONS_SHOWN = 100;

    private static final String DETAIL = """
            MATCH (n:Node {key: $key})
            OPTIONAL MATCH (n)-[:VERSION_OF]->(f:Node)
            CALL (n) {
                OPTIONAL MATCH (v:Node)-[:VERSION_OF]->(n) WHERE v.retractedAt IS NULL
                WITH v ORDER BY v.validFrom DESC, v.key DESC
                RETURN collect(v.key) AS versions
            }
            CALL (n) {
                OPTIONAL MATCH (n)-[o:OWNED_BY]->(p:Node) WHERE o.validTo IS NULL
                WITH p ORDER BY p.key
                RETURN collect(p.key) AS owners
            }
            CALL (n) {
                OPTIONAL MATCH (n)-[r]->()
                WITH type(r) AS type, count(r) AS c WHERE type IS NOT NULL
                RETURN collect([type, c]) AS outgoing
            }
            CALL (n) {
                OPTIONAL MATCH (n)<-[r]-()
                WITH type(r) AS type, count(r) AS c WHERE type IS NOT NULL
                RETURN collect([type, c]) AS incoming
            }
            RETURN n AS node, f.key AS family, versions, owners, outgoing, incoming
            """;

    private final Database db;

    public NodeReader(Database db) {
        this.db = db;
    }

    public NodeDetail get(NodeKey key) {
        return db.read(tx -> {
            List<Record> rows = tx.run(DETAIL, Map.of("key", key.toString())).list();
            if (rows.isEmpty()) {
                throw new NotFound("key", "No node with key " + key);
            }
            Record r = rows.get(0);
            Value n = r.get("node");
            if (!n.get("retractedAt").isNull()) {
                throw new NotFound("key", key + " was retracted at " + Times.instant(n.get("retractedAt"))
                        + "; lineage with asOf before that still shows it, and the audit log says who and why");
            }
            List<String> versions = r.get("versions").asList(Value::asString);
            Map<String, Map<String, Long>> relations = new LinkedHashMap<>();
            relations.put("outgoing", counts(r.get("outgoing")));
            relations.put("incoming", counts(r.get("incoming")));
            return new NodeDetail(key.toString(), n.get("kind").asString(), n.get("namespace").asString(null),
                    n.get("name").asString(), n.get("version").asString(null),
                    Properties.fromJson(n.get("props").asString(null)).values(), n.get("contentHash").asString(null),
                    key.immutable(), Times.instant(n.get("validFrom")), Times.instant(n.get("createdAt")),
                    n.get("createdBy").asString(null), Times.instant(n.get("updatedAt")),
                    n.get("updatedBy").asString(null), r.get("family").asString(null),
                    versions.subList(0, Math.min(VERSIONS_SHOWN, versions.size())), versions.size(),
                    r.get("owners").asList(Value::asString), relations);
        });
    }

    public Page<NodeSummary> list(NodeQuery q) {
        Node n = q.kind() == null ? Cypher.node("Node").named("n") : Cypher.node("Node", q.kind().label()).named("n");
        List<Condition> where = new ArrayList<>();
        where.add(n.property("retractedAt").isNull());
        if (q.keyPrefix() != null) {
            where.add(n.property("key").startsWith(Cypher.parameter("prefix", q.keyPrefix())));
        }
        if (q.nameContains() != null) {
            where.add(n.property("nameLower").contains(
                    Cypher.parameter("name", q.nameContains().toLowerCase(Locale.ROOT))));
        }
        if (q.after() != null) {
            where.add(n.property("key").gt(Cypher.parameter("after", decodeCursor(q.after()))));
        }
        if (q.property() != null) {
            Expression value = Cypher.property(n.getRequiredSymbolicName(),
                    Cypher.parameter("property", Properties.NATIVE_PREFIX + q.property()));
            Condition match = value.isEqualTo(Cypher.parameter("value", q.value()));
            Object number = number(q.value());
            if (number != null) {
                match = match.or(value.isEqualTo(Cypher.parameter("number", number)));
            }
            if ("true".equals(q.value()) || "false".equals(q.value())) {
                match = match.or(value.isEqualTo(Cypher.parameter("bool", Boolean.parseBoolean(q.value()))));
            }
            match = match.or(Cypher.raw("$value IN CASE WHEN valueType($E) STARTS WITH 'LIST' THEN $E ELSE [] END",
                    value, value).asCondition());
            where.add(match);
        }
        if (q.owner() != null) {
            Node p = Cypher.node("Node").named("p")
                    .withProperties("key", Cypher.parameter("owner", q.owner().toString()));
            var owned = n.relationshipTo(p, "OWNED_BY").named("o");
            where.add(Cypher.exists(Cypher.match(owned).where(owned.property("validTo").isNull())
                    .returning(Cypher.literalTrue()).build()));
        }
        Condition condition = where.stream().reduce(Condition::and).orElse(Cypher.noCondition());
        Statement statement = Cypher.match(n).where(condition)
                .returning(n.as("node"))
                .orderBy(n.property("key").ascending())
                .limit(Cypher.parameter("limit", q.limit() + 1))
                .build();
        String cypher = statement.getCypher();
        Map<String, Object> params = statement.getCatalog().getParameters();
        return db.read(tx -> {
            List<NodeSummary> items = new ArrayList<>();
            for (Record r : tx.run(cypher, params).list()) {
                Value v = r.get("node");
                items.add(new NodeSummary(v.get("key").asString(), v.get("kind").asString(),
                        v.get("namespace").asString(null), v.get("name").asString(), v.get("version").asString(null),
                        Properties.fromJson(v.get("props").asString(null)).values(), Times.instant(v.get("validFrom")),
                        Times.instant(v.get("createdAt")), v.get("createdBy").asString(null)));
            }
            String next = null;
            if (items.size() > q.limit()) {
                items = items.subList(0, q.limit());
                next = encodeCursor(items.get(items.size() - 1).key());
            }
            return new Page<>(items, next);
        });
    }

    private static Object number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            try {
                double d = Double.parseDouble(s);
                return Double.isFinite(d) ? d : null;
            } catch (NumberFormatException e2) {
                return null;
            }
        }
    }

    private static Map<String, Long> counts(Value pairs) {
        Map<String, Long> out = new TreeMap<>();
        for (Value p : pairs.values()) {
            out.put(p.get(0).asString(), p.get(1).asLong());
        }
        return out;
    }

    static String encodeCursor(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    static String decodeCursor(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new io.pedigree.error.PedigreeException.InvalidInput("cursor",
                    "The cursor is not one this server handed out");
        }
    }
}
