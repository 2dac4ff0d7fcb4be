package io.pedigree.prov;

import io.pedigree.lineage.RelationType;
import io.pedigree.store.Database;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole graph as a {@link ProvSource}: each walk reads nodes in key order, a page per transaction, so an export
 * holds one page at a time. Pages are separate reads: a write landing during an export may or may not be in it.
 */
final class GraphPages implements ProvSource {

    static final int PAGE = 1000;

    private static final String NODES = """
            MATCH (n:Node) WHERE n.key > $after AND n.retractedAt IS NULL
            WITH n ORDER BY n.key LIMIT $page
            RETURN n.key AS key, n.kind AS kind, n.name AS name, n.validFrom AS validFrom, n.props AS props
            """;

    // Each node of the page with the relations that start at it; types come from the closed RelationType enum.
    private static final String EDGES = """
            MATCH (a:Node) WHERE a.key > $after AND a.retractedAt IS NULL
            WITH a ORDER BY a.key LIMIT $page
            RETURN a.key AS key, a.kind AS kind,
                   [(a)-[r]->(b:Node) WHERE type(r) IN $types AND b.retractedAt IS NULL |
                    {type: type(r), to: b.key, toKind: b.kind, validFrom: r.validFrom, validTo: r.validTo,
                     recordedAt: r.recordedAt, recordedBy: r.recordedBy}] AS relations
            """;

    private static final List<String> TYPES = Arrays.stream(RelationType.values()).map(Enum::name).toList();

    private final Database db;

    GraphPages(Database db) {
        this.db = db;
    }

    @Override
    public void nodes(Consumer<ProvNode> each) {
        walk(NODES, r -> each.accept(new ProvNode(r.get("key").asString(), r.get("kind").asString(),
                r.get("name").asString(), ProvExports.instant(r.get("validFrom")), r.get("props").asString(null))));
    }

    @Override
    public void edges(Consumer<ProvEdge> each) {
        walk(EDGES, r -> {
            String from = r.get("key").asString();
            String fromKind = r.get("kind").asString();
            for (Value e : r.get("relations").values()) {
                each.accept(new ProvEdge(from, fromKind, e.get("type").asString(), e.get("to").asString(),
                        e.get("toKind").asString(), ProvExports.instant(e.get("validFrom")),
                        ProvExports.instant(e.get("validTo")), ProvExports.instant(e.get("recordedAt")),
                        e.get("recordedBy").asString(null), List.of()));
            }
        });
    }

    private void walk(String query, Consumer<Record> each) {
        String after = "";
        while (true) {
            String from = after;
            List<Record> page = db.read(tx -> tx.run(query, Map.of("after", from, "page", PAGE, "types", TYPES))
                    .list());
            page.forEach(each);
            if (page.size() < PAGE) {
                return;
            }
            after = page.get(page.size() - 1).get("key").asString();
        }
    }
}
