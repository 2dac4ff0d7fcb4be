package io.pedigree.demo;

import io.pedigree.lineage.NodeKey;

import static io.pedigree.demo.DemoGraph.key;

/** The people who own the demo's assets. */
final class People {

    static final NodeKey ANA = key("person:ana@acme.com");
    static final NodeKey BEN = key("person:ben@acme.com");
    static final NodeKey CHEN = key("person:chen@acme.com");
    static final NodeKey DANA = key("person:dana@acme.com");
    static final NodeKey ELI = key("person:eli@acme.com");
    static final NodeKey FARAH = key("person:farah@acme.com");

    private People() {
    }

    static void addTo(DemoGraph g) {
        person(g, ANA, "Ana Moreau", "fraud-ml", "Lead ML engineer, fraud detection");
        person(g, BEN, "Ben Okafor", "data-platform", "Data engineer, payments lake");
        person(g, CHEN, "Chen Wei", "ml-platform", "MLOps engineer, model serving");
        person(g, DANA, "Dana Levi", "applied-llm", "Applied scientist, support assistant");
        person(g, ELI, "Eli Novak", "support-content", "Help-center content lead");
        person(g, FARAH, "Farah Haddad", "ml-platform", "Site reliability engineer, LLM serving");
    }

    private static void person(DemoGraph g, NodeKey key, String name, String team, String title) {
        g.add(key, DemoGraph.EARLIEST, "displayName", name, "team", team, "title", title);
    }
}
