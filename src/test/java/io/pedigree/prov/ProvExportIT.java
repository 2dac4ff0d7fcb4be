package io.pedigree.prov;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Lineage;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openprovenance.prov.model.StatementOrBundle;
import org.openprovenance.prov.model.WasAttributedTo;
import org.openprovenance.prov.model.WasGeneratedBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every PROV-JSON export, read back by ProvToolbox: the elements and relations it found must be exactly the nodes
 * and relations of Pedigree's own answer, and the bundle must say who exported it and when.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvExportIT extends PedigreeIT {

    static final String DATA = "dataset:tx@2026-10-01";
    static final String RUN = "run:train-fraud@r-1";
    static final String MODEL = "model:fraud@6";
    static final String BASE = "model:base@1";
    static final String EVAL = "evaluation:fraud-eval-1";
    static final String DEPLOY = "deployment:fraud-api";
    static final String COMMIT = "commit:github.com/acme/fraud@3f2a9c1";
    static final String ANA = "person:ana@acme.com";

    static void writeFraudLineage(Api api) {
        Lineage.of().nodesValidFrom("2026-08-01T00:00:00Z", ANA, RUN, MODEL, BASE, EVAL, DEPLOY, COMMIT)
                .nodeBody(Map.of("key", DATA, "owner", ANA, "validFrom", "2026-10-01T00:00:00Z",
                        "properties", Map.of("rows", 1200, "source", "kafka")))
                .rel(RUN, "USED", DATA).rel(RUN, "USED", COMMIT)
                .rel(MODEL, "WAS_GENERATED_BY", RUN).rel(MODEL, "DERIVED_FROM", BASE)
                .rel(EVAL, "EVALUATES", MODEL).rel(EVAL, "USED", DATA)
                .rel(DEPLOY, "SERVES", BASE, "2026-09-01T00:00:00Z", "2026-10-02T00:00:00Z")
                .rel(DEPLOY, "SERVES", MODEL, "2026-10-02T00:00:00Z", null)
                .writeWith(api);
    }

    @Test
    void lineageExportReadsBackAsTheAnswersNodesAndRelations() {
        writeFraudLineage(admin);
        String query = "?key=" + Api.q(MODEL) + "&direction=both&depth=5";
        JsonNode answer = admin.get("/api/v1/lineage" + query).json();
        Api.Response prov = admin.get("/api/v1/prov/lineage" + query);
        assertThat(prov.status()).as(prov.body()).isEqualTo(200);
        assertThat(prov.contentType()).startsWith("application/json");

        ProvReading.Read read = ProvReading.read(prov.body());
        assertMatches(read, nodes(answer.path("nodes")), edges(answer.path("edges")));
        assertThat(read.counts()).containsEntry("PROV_USAGE", 4).containsEntry("PROV_GENERATION", 1)
                .containsEntry("PROV_DERIVATION", 1).containsEntry("PROV_ATTRIBUTION", 1)
                .containsEntry("PROV_ENTITY", 4).containsEntry("PROV_ACTIVITY", 3).containsEntry("PROV_AGENT", 1);
        assertBundleSaysWhoAndWhen(read, prov.body());
    }

    @Test
    void everyAttributeValueIsAnArraySoNoReaderDropsIt() {
        writeFraudLineage(admin);
        JsonNode doc = admin.get("/api/v1/prov/lineage?key=" + Api.q(MODEL) + "&direction=both").json();
        JsonNode bundle = doc.path("bundle").elements().next();
        JsonNode data = bundle.path("entity").path("node:" + DATA);
        assertThat(data.path("pedigree:key").isArray()).isTrue();
        assertThat(data.path("pedigree:validFrom").get(0).path("type").asText()).isEqualTo("xsd:dateTime");
        assertThat(data.path("pedigree:validFrom").get(0).path("$").asText()).isEqualTo("2026-10-01T00:00:00Z");
        bundle.fields().forEachRemaining(section -> {
            if (section.getValue().isObject()) {
                section.getValue().fields().forEachRemaining(st -> st.getValue().fields().forEachRemaining(a -> {
                    if (a.getKey().startsWith("pedigree:") || a.getKey().equals("prov:label")
                            || a.getKey().equals("prov:type")) {
                        assertThat(a.getValue().isArray()).as("%s of %s", a.getKey(), st.getKey()).isTrue();
                    }
                }));
            }
        });
    }

    @Test
    void relationsKeepTheirValidityIntervals() {
        writeFraudLineage(admin);
        JsonNode doc = admin.get("/api/v1/prov/lineage?key=" + Api.q(DEPLOY) + "&direction=upstream&depth=1"
                + "&asOf=2026-09-15T00:00:00Z").json();
        JsonNode used = doc.path("bundle").elements().next().path("used");
        assertThat(used.size()).isEqualTo(1);
        JsonNode serves = used.elements().next();
        assertThat(serves.path("prov:activity").asText()).isEqualTo("node:" + DEPLOY);
        assertThat(serves.path("prov:entity").asText()).isEqualTo("node:" + BASE);
        assertThat(serves.path("prov:time").asText()).isEqualTo("2026-09-01T00:00:00Z");
        assertThat(serves.path("pedigree:type").get(0).asText()).isEqualTo("SERVES");
        assertThat(serves.path("pedigree:validTo").get(0).path("$").asText()).isEqualTo("2026-10-02T00:00:00Z");
    }

    @Test
    void impactExportHoldsTheNodesTheImpactAnswerLists() {
        writeFraudLineage(admin);
        JsonNode impact = admin.get("/api/v1/impact?key=" + Api.q(DATA)).json();
        Set<String> affected = new TreeSet<>(List.of(DATA));
        impact.path("byKind").forEach(list -> list.forEach(n -> affected.add(n.path("key").asText())));
        JsonNode downstream = admin.get("/api/v1/lineage?key=" + Api.q(DATA) + "&direction=downstream&depth=50")
                .json();

        ProvReading.Read read = ProvReading.read(admin.get("/api/v1/prov/impact?key=" + Api.q(DATA)).body());
        Set<String> exported = new TreeSet<>();
        read.elements().forEach((kind, keys) -> exported.addAll(keys));
        exported.remove(ANA);
        assertThat(exported).isEqualTo(affected);
        assertMatches(read, nodes(downstream.path("nodes")), edges(downstream.path("edges")));
    }

    @Test
    void pathExportHoldsEveryNodeAndRelationOnThePaths() {
        writeFraudLineage(admin);
        String query = "?from=" + Api.q(DEPLOY) + "&to=" + Api.q(DATA);
        JsonNode paths = admin.get("/api/v1/path" + query).json();
        Map<String, String> nodes = new TreeMap<>();
        Set<String> edges = new TreeSet<>();
        for (JsonNode p : paths.path("paths")) {
            nodes.putAll(nodes(p.path("nodes")));
            edges.addAll(edges(p.path("edges")));
        }
        assertThat(nodes).containsKeys(DEPLOY, MODEL, RUN, DATA);

        ProvReading.Read read = ProvReading.read(admin.get("/api/v1/prov/path" + query).body());
        assertMatches(read, nodes, edges);
    }

    @Test
    void modelVersionExportIsItsUpstreamProvenance() {
        writeFraudLineage(admin);
        assertThat(admin.post("/api/v1/models", Map.of("name", "churn", "owner", ANA)).status()).isEqualTo(201);
        Api.Response v = admin.post("/api/v1/models/churn/versions", Map.of("run", RUN, "inputs", List.of(DATA)));
        assertThat(v.status()).as(v.body()).isEqualTo(201);
        JsonNode upstream = admin.get("/api/v1/lineage?key=" + Api.q("model:churn@1")
                + "&direction=upstream&depth=50").json();

        Api bo = admin.withNewToken("bo", "approver");
        Api.Response approved = bo.post("/api/v1/models/churn/versions/1/approvals",
                Map.of("stage", "staging", "decision", "approve", "comment", "numbers check out"));
        assertThat(approved.status()).as(approved.body()).isEqualTo(201);
        Api.Response moved = admin.post("/api/v1/models/churn/versions/1/transitions",
                Map.of("to", "staging", "reason", "ready for shadow traffic"));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);

        Api.Response prov = admin.get("/api/v1/prov/models/churn/versions/1");
        assertThat(prov.status()).as(prov.body()).isEqualTo(200);
        ProvReading.Read read = ProvReading.read(prov.body());
        assertMatches(lineageOnly(read), nodes(upstream.path("nodes")), edges(upstream.path("edges")));
        assertThat(read.elements().get("PROV_ENTITY")).contains("model:churn@1", DATA, COMMIT);
        assertProblem(admin.get("/api/v1/prov/models/churn/versions/9"), 404, "version");
    }

    @Test
    void modelVersionExportStatesItsRegistrationApprovalsAndTransitionsWithTheirAgentsAndTimes() {
        writeFraudLineage(admin);
        assertThat(admin.post("/api/v1/models", Map.of("name", "churn", "owner", ANA)).status()).isEqualTo(201);
        assertThat(admin.post("/api/v1/models/churn/versions", Map.of("run", RUN, "inputs", List.of(DATA)))
                .status()).isEqualTo(201);
        Api bo = admin.withNewToken("bo", "approver");
        assertThat(bo.post("/api/v1/models/churn/versions/1/approvals", Map.of("stage", "staging", "decision",
                "approve", "comment", "numbers check out")).status()).isEqualTo(201);
        assertThat(admin.post("/api/v1/models/churn/versions/1/transitions",
                Map.of("to", "staging", "reason", "ready for shadow traffic")).status()).isEqualTo(200);
        JsonNode version = admin.get("/api/v1/models/churn/versions/1").json();

        ProvReading.Read read = ProvReading.read(admin.get("/api/v1/prov/models/churn/versions/1").body());
        String v = "governance:model:churn@1/";
        assertThat(read.elements().get("PROV_ACTIVITY")).contains(v + "registration", v + "approval/1",
                v + "transition/1");
        assertThat(read.elements().get("PROV_AGENT")).contains("principal:bo", "principal:admin");
        assertThat(read.relations()).contains(
                v + "registration PROV_ASSOCIATION(null) principal:admin",
                "model:churn@1 PROV_ATTRIBUTION(null) principal:admin",
                v + "approval/1 PROV_ASSOCIATION(null) principal:bo",
                v + "approval/1 PROV_USAGE(null) model:churn@1",
                v + "transition/1 PROV_ASSOCIATION(null) principal:admin",
                v + "transition/1 PROV_USAGE(null) model:churn@1");
        // Times: the approval as the approvals list has it, the transition's as its history has it.
        JsonNode doc = admin.get("/api/v1/prov/models/churn/versions/1").json().path("bundle").elements().next();
        JsonNode approval = doc.path("activity").path(v.replace("governance:", "governance:") + "approval/1");
        assertThat(approval.path("prov:startTime").asText())
                .isEqualTo(Instant.parse(version.path("approvals").get(0).path("at").asText()).toString());
        assertThat(approval.path("pedigree:comment").get(0).asText()).isEqualTo("numbers check out");
        JsonNode transition = doc.path("activity").path(v + "transition/1");
        assertThat(transition.path("prov:startTime").asText())
                .isEqualTo(Instant.parse(version.path("transitions").get(0).path("at").asText()).toString());
        assertThat(transition.path("pedigree:reason").get(0).asText()).isEqualTo("ready for shadow traffic");
        // Importing the export (into an empty graph) leaves the governance records to the registry: no node is made
        // of them, nor of the people behind them.
        String exported = admin.get("/api/v1/prov/models/churn/versions/1").body();
        resetGraph();
        Api.Response imported = admin.postRaw("/api/v1/prov/import", "application/json", exported);
        assertThat(imported.status()).as(imported.body()).isLessThan(300);
        assertThat(imported.json().path("skipped").asInt()).isGreaterThanOrEqualTo(5);
        assertThat(admin.get("/api/v1/node?key=" + Api.q("person:bo")).status()).isEqualTo(404);
    }

    /** What a read holds about lineage, without a version's governance records and their agents. */
    private static ProvReading.Read lineageOnly(ProvReading.Read read) {
        Map<String, Set<String>> elements = new TreeMap<>();
        read.elements().forEach((kind, keys) -> {
            Set<String> kept = new TreeSet<>();
            keys.stream().filter(k -> !k.startsWith("governance:") && !k.startsWith("principal:")).forEach(kept::add);
            if (!kept.isEmpty()) {
                elements.put(kind, kept);
            }
        });
        Set<String> relations = new TreeSet<>();
        read.relations().stream().filter(r -> !r.contains("governance:") && !r.contains("principal:"))
                .forEach(relations::add);
        return new ProvReading.Read(read.document(), read.bundle(), elements, relations, read.counts());
    }

    @Test
    void wholeGraphExportHoldsEveryNodeAndRelationWithIntervals() {
        writeFraudLineage(admin);
        Api.Response prov = admin.get("/api/v1/prov/graph");
        assertThat(prov.status()).as(prov.body()).isEqualTo(200);
        ProvReading.Read read = ProvReading.read(prov.body());
        Set<String> all = new TreeSet<>();
        read.elements().values().forEach(all::addAll);
        // Every node, the family nodes Pedigree keeps for versioned keys included.
        assertThat(all).contains(DATA, "dataset:tx", RUN, MODEL, "model:fraud", BASE, EVAL, DEPLOY, COMMIT, ANA)
                .hasSize((int) io.pedigree.testing.Graph.nodes());
        assertThat(read.relations()).contains(
                DEPLOY + " PROV_USAGE(SERVES) " + BASE, DEPLOY + " PROV_USAGE(SERVES) " + MODEL,
                DATA + " PROV_ATTRIBUTION(OWNED_BY) " + ANA, MODEL + " PROV_SPECIALIZATION(null) model:fraud");
        // A run's link to its job (VERSION_OF between two activities) has no PROV counterpart; import remakes it.
        assertThat(read.relations()).hasSize((int) io.pedigree.testing.Graph.relations() - 1)
                .doesNotContain(RUN + " PROV_COMMUNICATION(VERSION_OF) run:train-fraud");
        JsonNode data = admin.get("/api/v1/prov/graph").json().path("bundle").elements().next()
                .path("entity").path("node:" + DATA);
        assertThat(data.path("pedigree:properties").get(0).asText()).isEqualTo("{\"rows\":1200,\"source\":\"kafka\"}");
    }

    @Test
    void exportsNameTheFieldTheyCannotAnswer() {
        assertProblem(admin.get("/api/v1/prov/lineage?key=" + Api.q("dataset:nope@1")), 404, "key");
        assertProblem(admin.get("/api/v1/prov/lineage?key=" + Api.q(DATA) + "&kinds=model"), 400, "kinds");
        assertProblem(admin.get("/api/v1/prov/impact?key=" + Api.q(DATA) + "&depth=0"), 400, "depth");
    }

    static void assertMatches(ProvReading.Read read, Map<String, String> nodes, Set<String> edges) {
        Map<String, Set<String>> expected = new TreeMap<>();
        nodes.forEach((key, kind) -> expected.computeIfAbsent(section(kind), k -> new TreeSet<>()).add(key));
        Set<String> expectedRelations = new TreeSet<>(edges);
        // Owners are agents of what they own.
        for (String r : read.relations()) {
            if (r.contains("(OWNED_BY)")) {
                expectedRelations.add(r);
                expected.computeIfAbsent("PROV_AGENT", k -> new TreeSet<>()).add(r.substring(r.lastIndexOf(' ') + 1));
            }
        }
        assertThat(read.elements()).isEqualTo(expected);
        assertThat(read.relations()).isEqualTo(expectedRelations);
    }

    static Map<String, String> nodes(JsonNode nodes) {
        Map<String, String> out = new TreeMap<>();
        nodes.forEach(n -> out.put(n.path("key").asText(), n.path("kind").asText()));
        return out;
    }

    /** Answer edges as ProvReading writes relations, with the PROV relation the mapping chooses. */
    static Set<String> edges(JsonNode edges) {
        Set<String> out = new TreeSet<>();
        edges.forEach(e -> {
            String from = e.path("from").asText();
            String to = e.path("to").asText();
            ProvTerms.Relation r = ProvTerms.relation(e.path("type").asText(), ProvTerms.element(kindOf(from)),
                    ProvTerms.element(kindOf(to)));
            out.add(from + " " + statement(r) + "(" + e.path("type").asText() + ") " + to);
        });
        return out;
    }

    private static String kindOf(String key) {
        return key.substring(0, key.indexOf(':'));
    }

    private static String section(String kind) {
        return switch (ProvTerms.element(kind)) {
            case ENTITY -> "PROV_ENTITY";
            case ACTIVITY -> "PROV_ACTIVITY";
            case AGENT -> "PROV_AGENT";
        };
    }

    static String statement(ProvTerms.Relation r) {
        return switch (r) {
            case USED -> "PROV_USAGE";
            case WAS_GENERATED_BY -> "PROV_GENERATION";
            case WAS_DERIVED_FROM -> "PROV_DERIVATION";
            case WAS_INFORMED_BY -> "PROV_COMMUNICATION";
            case WAS_ATTRIBUTED_TO -> "PROV_ATTRIBUTION";
            case WAS_ASSOCIATED_WITH -> "PROV_ASSOCIATION";
            case SPECIALIZATION_OF -> "PROV_SPECIALIZATION";
        };
    }

    /** The top level describes the bundle: a prov:Bundle entity generated at a time and attributed to the caller. */
    private void assertBundleSaysWhoAndWhen(ProvReading.Read read, String json) {
        String principal = admin.get("/api/v1/whoami").json().path("principal").asText();
        String bundleId = read.bundle().getId().getUri();
        boolean attributed = false;
        boolean generated = false;
        for (StatementOrBundle s : read.document().getStatementOrBundle()) {
            if (s instanceof WasAttributedTo a && a.getEntity().getUri().equals(bundleId)) {
                attributed = a.getAgent().getLocalPart().equals(principal)
                        && a.getAgent().getNamespaceURI().equals(ProvTerms.PRINCIPAL_NS);
            }
            if (s instanceof WasGeneratedBy g && g.getEntity().getUri().equals(bundleId)) {
                generated = g.getTime() != null;
            }
        }
        assertThat(attributed).as("bundle attributed to %s", principal).isTrue();
        assertThat(generated).as("bundle generated at a time").isTrue();
        assertThat(json).contains("\"prov:Bundle\"");
    }
}
