package io.pedigree.export;

import org.neo4j.cypherdsl.core.Condition;
import org.neo4j.cypherdsl.core.Cypher;
import org.neo4j.cypherdsl.core.Node;
import org.neo4j.cypherdsl.core.Relationship;
import org.neo4j.cypherdsl.core.Statement;
import org.neo4j.cypherdsl.core.SymbolicName;
import org.neo4j.cypherdsl.core.renderer.Renderer;

import java.util.List;

/**
 * The export's and import's queries that name a label group or a relation type, known only from the graph or the
 * manifest at run time: built with Cypher-DSL, which quotes every name, so a hostile name in a manifest is just a
 * label that matches nothing. Values are always parameters.
 */
final class ExportQueries {

    /** The label every node being imported carries, alone, until the import is complete. */
    static final String STAGING = "PedigreeImport";
    /** The label the target's own first-start records carry while a full import replaces them. */
    static final String REPLACED = "PedigreeReplaced";

    private static final Renderer RENDERER = Renderer.getDefaultRenderer();

    private ExportQueries() {
    }

    /** Every node with exactly {@code labels}: its id and properties. */
    static String nodesOf(List<String> labels) {
        Node n = node("n", labels);
        return render(Cypher.match(n)
                .where(Cypher.size(Cypher.labels(n)).isEqualTo(Cypher.literalOf(labels.size())))
                .returning(Cypher.elementId(n).as("id"), Cypher.properties(n).as("p"))
                .build());
    }

    /** Every relation of {@code type} but those touching a node of an {@code excluded} label. */
    static String relationsOf(String type, List<String> excluded) {
        Node a = Cypher.anyNode("a");
        Node b = Cypher.anyNode("b");
        Relationship r = a.relationshipTo(b, type).named("r");
        Condition touchesExcluded = Cypher.noCondition();
        for (String label : excluded) {
            touchesExcluded = touchesExcluded.or(a.hasLabels(label)).or(b.hasLabels(label));
        }
        return render(Cypher.match(r).where(touchesExcluded.not())
                .returning(Cypher.elementId(r).as("id"), Cypher.elementId(a).as("s"), Cypher.elementId(b).as("t"),
                        Cypher.properties(r).as("p"))
                .build());
    }

    /**
     * Creates one batch of relations of {@code type} between imported nodes ({@code $rows}: s, t, p). When
     * merging, a relation equal to one already there (same ends, type and properties) is not created again.
     */
    static String createRelations(String type, boolean merge) {
        SymbolicName row = Cypher.name("row");
        Node a = Cypher.node(STAGING).named("a").withProperties("_importId", Cypher.property(row, "s"));
        Node b = Cypher.node(STAGING).named("b").withProperties("_importId", Cypher.property(row, "t"));
        Relationship x = a.relationshipTo(b, type).named("x");
        Relationship y = a.relationshipTo(b, type).named("y");
        var matched = Cypher.unwind(Cypher.parameter("rows")).as(row).match(a).match(b);
        var create = merge
                ? matched.where(Cypher.exists(Cypher.match(y)
                        .where(Cypher.properties(y).isEqualTo(Cypher.property(row, "p"))).returning(y).build())
                        .not()).create(x)
                : matched.create(x);
        return render(create.set(x, Cypher.property(row, "p")).returning(Cypher.count(Cypher.asterisk()).as("created"))
                .build());
    }

    /**
     * Merging: every staged node of {@code $group} that an existing node with {@code label} already has (equal
     * {@code keys}, the label's uniqueness constraint) is dropped, and the existing node stands in for it.
     */
    static String matchExisting(String label, List<String> keys) {
        Node s = Cypher.node(STAGING).named("s").withProperties("_importGroup", Cypher.parameter("group"));
        Node e = Cypher.node(label).named("e");
        Condition same = Cypher.noCondition();
        for (String key : keys) {
            same = same.and(e.property(key).isEqualTo(s.property(key)));
        }
        return render(Cypher.match(s).match(e).where(same.and(e.hasLabels(STAGING).not()))
                .set(e, STAGING)
                .set(e.property("_importId").to(s.property("_importId")),
                        e.property("_importRef").to(Cypher.parameter("run")))
                .detachDelete(s)
                .returning(Cypher.count(Cypher.asterisk()).as("matched"))
                .build());
    }

    /**
     * Merging, for a label group without a unique key (approvals, transitions): a staged node whose properties all
     * equal those of an existing node with the same labels gives way to it. Each staged node is compared with every
     * existing one of its group, so this is for the small groups that lack a key.
     */
    static String matchEqual(List<String> labels) {
        Node s = Cypher.node(STAGING).named("s").withProperties("_importGroup", Cypher.parameter("group"));
        Node e = node("e", labels);
        SymbolicName k = Cypher.name("k");
        // The staged node carries three import markers beyond the exported properties.
        Condition same = Cypher.size(Cypher.keys(e)).add(Cypher.literalOf(3)).isEqualTo(Cypher.size(Cypher.keys(s)))
                .and(Cypher.all(k).in(Cypher.keys(e)).where(Cypher.property(e.getRequiredSymbolicName(), k)
                        .isEqualTo(Cypher.property(s.getRequiredSymbolicName(), k))));
        return render(Cypher.match(s).match(e)
                .where(same.and(e.hasLabels(STAGING).not()).and(Cypher.size(Cypher.labels(e))
                        .isEqualTo(Cypher.literalOf(labels.size()))))
                .with(s, Cypher.head(Cypher.collect(e)).as("e"))
                .set(Cypher.anyNode("e"), STAGING)
                .set(Cypher.anyNode("e").property("_importId").to(s.property("_importId")),
                        Cypher.anyNode("e").property("_importRef").to(Cypher.parameter("run")))
                .detachDelete(s)
                .returning(Cypher.count(Cypher.asterisk()).as("matched"))
                .build());
    }

    /** Gives at most {@code $batch} staged nodes of {@code $group} their real labels; answers how many. */
    static String flip(List<String> labels) {
        Node n = Cypher.node(STAGING).named("n").withProperties("_importGroup", Cypher.parameter("group"));
        return render(Cypher.match(n).with(n).limit(Cypher.parameter("batch"))
                .set(n, labels)
                .remove(n, STAGING)
                .remove(n.property("_importId"), n.property("_importGroup"))
                .returning(Cypher.count(n).as("flipped"))
                .build());
    }

    /** Hides the target's own nodes of {@code label} (a first start's token and audit records) under REPLACED. */
    static String hide(String label) {
        Node n = Cypher.node(label).named("n");
        return render(Cypher.match(n).where(n.property("_importRun").isNull())
                .set(n, REPLACED).set(n.property("_replaced").to(Cypher.literalOf(label)))
                .remove(n, label)
                .build());
    }

    /** Gives hidden nodes of {@code label} their label back, after a failed import. */
    static String unhide(String label) {
        Node n = Cypher.node(REPLACED).named("n").withProperties("_replaced", Cypher.literalOf(label));
        return render(Cypher.match(n).set(n, label).remove(n, REPLACED).remove(n.property("_replaced")).build());
    }

    private static Node node(String name, List<String> labels) {
        return Cypher.node(labels.get(0), labels.subList(1, labels.size())).named(name);
    }

    private static String render(Statement s) {
        return RENDERER.render(s);
    }
}
