package io.pedigree.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pedigree.MainAccess;
import io.pedigree.demo.DemoData;
import io.pedigree.demo.DemoFields;
import io.pedigree.demo.DemoRegistry;
import io.pedigree.demo.OpenLineageDemo;
import io.pedigree.error.PedigreeException.Unprocessable;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import io.pedigree.testing.TestNeo4j;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExportAndRestoreIT extends PedigreeIT {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** The answers a restore must reproduce: lineage, impact, gates, a rollback plan, the audit log and its head. */
    private static final List<String> ANSWERS = List.of(
            "/api/v1/lineage?key=" + Api.q("model:fraud-detector@4") + "&direction=upstream&depth=10",
            "/api/v1/lineage?key=" + Api.q("model:support-llm@1") + "&direction=both&depth=5",
            "/api/v1/impact?key=" + Api.q("dataset:transactions-raw@2026-09-01") + "&depth=10",
            "/api/v1/models/fraud-detector/versions/4/gates?stage=production",
            "/api/v1/models/fraud-detector/versions/5/gates?stage=production",
            "/api/v1/deployments/fraud-api-prod/rollback-plan",
            "/api/v1/deployments/fraud-api-prod/history",
            "/api/v1/audit/verify",
            "/api/v1/audit/export?format=jsonl");

    @Override
    protected Map<String, String> settings() {
        // Loading the whole demo on a cold, shared machine can take a first batch past the default 30 s.
        Map<String, String> settings = TestApp.settings();
        settings.put("PEDIGREE_QUERY_TIMEOUT_SECONDS", "300");
        return settings;
    }

    private void loadDemo() {
        DemoData.load(app.writer());
        DemoRegistry.load(app.registry(), app.models(), app.versions(), app.evaluations(), app.lifecycle());
        OpenLineageDemo.load(app.openLineage(), app.writer());
        DemoFields.load(app.fieldWriter());
    }

    private Map<String, String> answers() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String path : ANSWERS) {
            Api.Response r = admin.get(path);
            assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
            // The time a query was answered at is the only thing that may differ.
            out.put(path, r.body().replaceAll("\"asOf\":\"[^\"]*\"", "\"asOf\":\"-\""));
        }
        return out;
    }

    private long count(String query) {
        try (var session = TestNeo4j.driver().session()) {
            return session.run(query).single().get(0).asLong();
        }
    }

    private static String cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = TestApp.settings();
        env.put("PEDIGREE_QUERY_TIMEOUT_SECONDS", "300");
        int code = MainAccess.run(args, env, new PrintStream(out, true), new PrintStream(err, true));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void restoringAnExportIntoAnEmptyInstanceGivesTheSameAnswersAndTheSameAuditHead() throws Exception {
        loadDemo();
        Api reader = admin.withNewToken("dashboard", "reader");
        Map<String, String> before = answers();
        JsonNode verified = JSON.readTree(before.get("/api/v1/audit/verify"));
        Path dir = TestApp.tempDir("pedigree-export").resolve("out");

        String exported = cli("export", "--out", dir.toString());
        assertThat(exported).contains("Exported");
        Manifest manifest = JSON.readValue(dir.resolve("manifest.json").toFile(),
                Manifest.class);
        assertThat(manifest.auditHead().seq()).isEqualTo(verified.path("head").path("seq").asLong());
        assertThat(manifest.files()).extracting(Manifest.Entry::kind).contains("nodes", "relations");
        assertThat(manifest.files()).noneMatch(f -> f.labels() != null && f.labels().contains("WebSession"));

        // A fresh instance: nothing but its first start's admin token and that token's audit event.
        resetGraph();
        String imported = cli("import", "--in", dir.toString());
        assertThat(imported).contains("Imported");

        Map<String, String> after = answers();
        for (String path : ANSWERS) {
            assertThat(after.get(path)).as(path + " differs at " + firstDifference(before.get(path), after.get(path)))
                    .isEqualTo(before.get(path));
        }
        assertThat(reader.get("/api/v1/whoami").status()).isEqualTo(200);
        assertThat(count("MATCH (n:PedigreeImport|PedigreeReplaced) RETURN count(n)")).isZero();
        assertThat(count("MATCH (n) WHERE n._importRun IS NOT NULL RETURN count(n)")).isZero();
    }

    @Test
    void importIntoAnInstanceHoldingDataIsRefusedUnlessMerging() throws Exception {
        loadDemo();
        Map<String, String> before = answers();
        HttpResponse<byte[]> zip = admin.sendBytes(admin.builder("/api/v1/admin/export")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type")).hasValue("application/zip");

        Api.Response refused = importZip(zip.body(), "");
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body()).contains("--merge");

        Api.Response merged = importZip(zip.body(), "?merge=true");
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        assertThat(merged.json().path("nodesMatched").asLong()).isPositive();
        assertThat(merged.json().path("nodesCreated").asLong()).isZero();
        Map<String, String> after = answers();
        // Nothing was added twice: lineage, impact, gates and plans are as they were; the log gained one event.
        for (String path : ANSWERS.subList(0, 7)) {
            assertThat(after.get(path)).as(path).isEqualTo(before.get(path));
        }
        JsonNode verify = JSON.readTree(after.get("/api/v1/audit/verify"));
        assertThat(verify.path("ok").asBoolean()).isTrue();
        assertThat(verify.path("head").path("seq").asLong())
                .isEqualTo(JSON.readTree(before.get("/api/v1/audit/verify")).path("head").path("seq").asLong() + 1);
    }

    @Test
    void artifactBytesTravelWithTheExportToAnotherStore() throws Exception {
        byte[] content = "model weights, or near enough".repeat(1000).getBytes(StandardCharsets.UTF_8);
        Api.Response uploaded = admin.send(admin.builder("/api/v1/artifacts")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)));
        assertThat(uploaded.status()).as(uploaded.body()).isIn(200, 201);
        String sha = uploaded.json().path("artifact").path("sha256").asText();
        Path dir = TestApp.tempDir("pedigree-export").resolve("out");
        app.backups().exportTo(dir, true);
        assertThat(Files.readAllBytes(dir.resolve("artifacts").resolve(sha))).isEqualTo(content);

        // Another instance with its own, empty artifact store and an empty graph.
        resetGraph();
        try (io.pedigree.App other = TestApp.start(settings())) {
            Api there = Api.admin(other);
            assertThat(there.sendBytes(there.builder("/api/v1/artifacts/" + sha)).statusCode()).isEqualTo(404);
            ImportReport r = other.backups().importFrom(dir, false, "test");
            assertThat(r.artifacts()).isEqualTo(1);
            HttpResponse<byte[]> download = there.sendBytes(there.builder("/api/v1/artifacts/" + sha));
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.body()).isEqualTo(content);
        }
    }

    private Api.Response importZip(byte[] zip, String query) {
        return admin.send(admin.builder("/api/v1/admin/import" + query).header("Content-Type", "application/zip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(zip)));
    }

    @Test
    void aFileThatDoesNotMatchItsDigestIsRefusedBeforeAnythingIsWritten() throws Exception {
        loadDemo();
        Path dir = TestApp.tempDir("pedigree-export").resolve("out");
        app.backups().exportTo(dir, false);
        resetGraph();
        long nodesBefore = count("MATCH (n) RETURN count(n)");
        Path file = largest(dir.resolve("relations"));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] = (byte) (bytes[bytes.length / 2] == 'a' ? 'b' : 'a');
        Files.write(file, bytes);

        assertThatThrownBy(() -> app.backups().importFrom(dir, false, "test"))
                .isInstanceOf(Unprocessable.class).hasMessageContaining("SHA-256");
        assertThat(count("MATCH (n) RETURN count(n)")).isEqualTo(nodesBefore);
        assertThat(admin.get("/api/v1/whoami").status()).isEqualTo(200);
    }

    @Test
    void aFailureHalfwayThroughTheWritesLeavesNothingWritten() throws Exception {
        loadDemo();
        Path dir = TestApp.tempDir("pedigree-export").resolve("out");
        app.backups().exportTo(dir, false);
        resetGraph();
        long nodesBefore = count("MATCH (n) RETURN count(n)");
        String auditBefore = admin.get("/api/v1/audit/export?format=jsonl").body();

        // The last relation file names a node the export lacks in its last row, and the manifest is made to agree:
        // the check passes, every node and most relations are written, and the import fails at the very end.
        Manifest manifest = JSON.readValue(dir.resolve("manifest.json").toFile(), Manifest.class);
        List<Manifest.Entry> files = new ArrayList<>(manifest.files());
        int last = -1;
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i).kind().equals(Manifest.Entry.RELATIONS)) {
                last = i;
            }
        }
        Manifest.Entry entry = files.get(last);
        Path file = dir.resolve(entry.path());
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        ObjectNode row = (ObjectNode) JSON.readTree(lines.get(lines.size() - 1));
        row.put("end", "no-such-node");
        lines.set(lines.size() - 1, JSON.writeValueAsString(row));
        Files.writeString(file, String.join("\n", lines) + "\n");
        byte[] bytes = Files.readAllBytes(file);
        files.set(last, new Manifest.Entry(entry.path(), entry.kind(), entry.labels(), entry.type(), entry.count(),
                bytes.length, java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(bytes))));
        JSON.writeValue(dir.resolve("manifest.json").toFile(), new Manifest(manifest.format(),
                manifest.formatVersion(), manifest.pedigreeVersion(), manifest.schemaVersion(),
                manifest.exportedAt(), manifest.auditHead(), manifest.withArtifacts(), files));

        assertThatThrownBy(() -> app.backups().importFrom(dir, false, "test"))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("name a node the export does not hold");
        assertThat(count("MATCH (n) RETURN count(n)")).isEqualTo(nodesBefore);
        assertThat(count("MATCH ()-[r]->() WHERE NOT type(r) = 'CONCERNS' RETURN count(r)")).isZero();
        assertThat(admin.get("/api/v1/audit/export?format=jsonl").body()).isEqualTo(auditBefore);
        assertThat(admin.get("/api/v1/whoami").status()).isEqualTo(200);
    }

    private static String firstDifference(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        int from = Math.max(0, i - 120);
        return "before: " + a.substring(from, Math.min(a.length(), i + 120)) + " after: "
                + b.substring(Math.min(b.length(), from), Math.min(b.length(), i + 120));
    }

    private static Path largest(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.max(java.util.Comparator.comparingLong(f -> f.toFile().length())).orElseThrow();
        }
    }
}
