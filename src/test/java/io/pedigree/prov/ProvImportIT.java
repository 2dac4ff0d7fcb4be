package io.pedigree.prov;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pedigree.testing.Api;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static io.pedigree.prov.ProvExportIT.ANA;
import static io.pedigree.prov.ProvExportIT.BASE;
import static io.pedigree.prov.ProvExportIT.DATA;
import static io.pedigree.prov.ProvExportIT.DEPLOY;
import static io.pedigree.prov.ProvExportIT.MODEL;
import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Importing PROV-JSON: Pedigree's own exports load back as they were; other documents load or are refused whole. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvImportIT extends PedigreeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void wholeGraphExportImportedIntoAnEmptyGraphGivesTheSameAnswers() throws Exception {
        ProvExportIT.writeFraudLineage(admin);
        List<String> before = answers();
        long nodes = Graph.nodes();
        long relations = Graph.relations();
        String exported = admin.get("/api/v1/prov/graph").body();

        resetGraph();
        assertThat(Graph.nodes()).isZero();
        Api.Response r = admin.postRaw("/api/v1/prov/import", "application/json", exported);
        assertThat(r.status()).as(r.body()).isEqualTo(200);

        assertThat(answers()).isEqualTo(before);
        assertThat(Graph.nodes()).isEqualTo(nodes);
        assertThat(Graph.relations()).isEqualTo(relations);
        assertThat(admin.get("/api/v1/node?key=" + Api.q(DATA)).json().path("properties").path("rows").asInt())
                .isEqualTo(1200);
        // Importing the same document again changes nothing.
        JsonNode again = admin.postRaw("/api/v1/prov/import", "application/json", exported).json();
        assertThat(again.path("written").path("nodes").path("created").asInt()).isZero();
        assertThat(again.path("written").path("relations").path("created").asInt()).isZero();
    }

    @Test
    void anotherToolsDocumentLoadsWithDefaultKinds() throws Exception {
        String doc = """
                {"prefix": {"ex": "http://example.org/"},
                 "entity": {"ex:raw-orders": {}, "ex:clean-orders": {"prov:label": ["clean"]}},
                 "activity": {"ex:etl": {"prov:startTime": "2026-10-01T10:00:00Z"}},
                 "agent": {"ex:bob": {"prov:type": [{"$": "prov:Person", "type": "prov:QUALIFIED_NAME"}]}},
                 "used": {"_:u1": {"prov:activity": "ex:etl", "prov:entity": "ex:raw-orders",
                                   "prov:time": "2026-10-01T10:05:00Z"}},
                 "wasGeneratedBy": {"_:g1": {"prov:entity": "ex:clean-orders", "prov:activity": "ex:etl"}},
                 "wasAssociatedWith": {"_:w1": {"prov:activity": "ex:etl", "prov:agent": "ex:bob"}}}
                """;
        Api.Response r = admin.postRaw("/api/v1/prov/import", "application/json", doc);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("elements").asInt()).isEqualTo(4);
        assertThat(r.json().path("relations").asInt()).isEqualTo(3);

        JsonNode lineage = admin.get("/api/v1/lineage?key=" + Api.q("dataset:clean-orders")
                + "&direction=upstream").json();
        assertThat(keys(lineage)).containsExactly("dataset:clean-orders", "dataset:raw-orders", "run:etl");
        JsonNode used = edge(lineage, "USED");
        assertThat(used.path("from").asText()).isEqualTo("run:etl");
        assertThat(used.path("validFrom").asText()).isEqualTo("2026-10-01T10:05:00Z");
        assertThat(admin.get("/api/v1/node?key=" + Api.q("run:etl")).json().toString()).contains("person:bob");
    }

    @Test
    void aRelationPedigreeCannotHoldRefusesTheWholeDocumentNamingItsPath() {
        String doc = """
                {"prefix": {"node": "urn:pedigree:node:", "pedigree": "https://pedigree.dev/ns/prov#"},
                 "bundle": {"node:b": {"@id": "node:b",
                   "entity": {"node:dataset:a@1": {}},
                   "activity": {"node:run:r@1": {}},
                   "used": {"_:r1": {"prov:activity": "node:run:r@1", "prov:entity": "node:dataset:a@1",
                                     "pedigree:type": ["SERVES"]}}}}}
                """;
        assertProblem(admin.postRaw("/api/v1/prov/import", "application/json", doc), 400,
                "$['bundle']['node:b']['used']['_:r1']['prov:activity']");
        assertThat(Graph.nodes()).as("nothing written").isZero();
    }

    @Test
    void statementsThatDoNotFitAreRefusedByTheirPath() {
        assertProblem(admin.postRaw("/api/v1/prov/import", "application/json", """
                {"prefix": {"node": "urn:pedigree:node:"}, "activity": {"node:dataset:a@1": {}}}
                """), 400, "$['activity']['node:dataset:a@1']");
        assertProblem(admin.postRaw("/api/v1/prov/import", "application/json", """
                {"entity": {"ex:a": {}}, "wasInvalidatedBy": {"_:x": {"prov:entity": "ex:a"}}}
                """), 400, "$['wasInvalidatedBy']");
        assertProblem(admin.postRaw("/api/v1/prov/import", "application/json", """
                {"prefix": {"ex": "http://example.org/"}, "activity": {"ex:etl": {}},
                 "used": {"_:u": {"prov:activity": "ex:etl", "prov:entity": "ex:missing"}}}
                """), 400, "$['used']['_:u']['prov:entity']");
        assertProblem(admin.postRaw("/api/v1/prov/import", "application/json", """
                {"prefix": {"ex": "http://example.org/"},
                 "entity": {"ex:a": {"pedigree:validFrom": [{"$": "yesterday", "type": "xsd:dateTime"}]}}}
                """), 400, "$['entity']['ex:a']['pedigree:validFrom']");
        assertProblem(admin.postRaw("/api/v1/prov/import", "application/json", "[1]"), 400, "$");
        assertThat(Graph.nodes()).isZero();
    }

    @Test
    void onlyWritersImport() {
        Api reader = admin.withNewToken("auditor", "reader");
        assertProblem(reader.postRaw("/api/v1/prov/import", "application/json", "{}"), 403);
    }

    /** Lineage, impact and path answers over the fraud graph, now and in the past, without recording metadata. */
    private List<String> answers() throws Exception {
        List<String> out = new ArrayList<>();
        for (String key : List.of(MODEL, DATA, DEPLOY, "model:fraud", ANA)) {
            for (String asOf : List.of("", "&asOf=2026-09-15T00:00:00Z")) {
                out.add(normal(admin.get("/api/v1/lineage?key=" + Api.q(key) + "&direction=both&depth=10" + asOf)
                        .json()));
            }
        }
        out.add(normal(admin.get("/api/v1/impact?key=" + Api.q(DATA)).json()));
        out.add(normal(admin.get("/api/v1/lineage?key=" + Api.q(BASE) + "&direction=downstream"
                + "&asOf=2026-09-15T00:00:00Z").json()));
        JsonNode path = admin.get("/api/v1/path?from=" + Api.q(DEPLOY) + "&to=" + Api.q(DATA)).json();
        out.add(normal(path.path("paths")));
        return out;
    }

    private static String normal(JsonNode answer) throws Exception {
        JsonNode copy = answer.deepCopy();
        strip(copy);
        if (copy.has("direction")) {
            // A lineage answer's node and edge lists follow storage order, which a reload need not keep.
            for (String list : List.of("nodes", "edges")) {
                List<String> items = new ArrayList<>();
                copy.path(list).forEach(item -> items.add(item.toString()));
                items.sort(null);
                ((com.fasterxml.jackson.databind.node.ObjectNode) copy).put(list, String.join("\n", items));
            }
        }
        return JSON.writeValueAsString(copy);
    }

    /** What differs between two instances that hold the same lineage: when and by whom it was recorded, asOf. */
    private static void strip(JsonNode n) {
        if (n.isObject()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) n).remove(List.of("recordedAt", "recordedBy", "asOf"));
            n.forEach(ProvImportIT::strip);
        } else if (n.isArray()) {
            n.forEach(ProvImportIT::strip);
        }
    }

    private static List<String> keys(JsonNode lineage) {
        return new ArrayList<>(new TreeSet<>(lineage.path("nodes").findValuesAsText("key")));
    }

    private static JsonNode edge(JsonNode lineage, String type) {
        for (JsonNode e : lineage.path("edges")) {
            if (e.path("type").asText().equals(type)) {
                return e;
            }
        }
        throw new AssertionError("no " + type + " edge in " + lineage);
    }

}
