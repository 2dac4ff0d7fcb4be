package io.pedigree.export;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import io.pedigree.testing.TestNeo4j;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The admin import route bounds what it stores and inflates, and refuses entries that name paths outside the zip. */
class ImportUploadLimitsIT extends PedigreeIT {

    private static final int MAX_BYTES = 64 * 1024;
    private static final int MAX_INFLATED = 1024 * 1024;
    private static final int MAX_ENTRIES = 20;

    @Override
    protected Map<String, String> settings() {
        Map<String, String> settings = TestApp.settings();
        settings.put("PEDIGREE_IMPORT_MAX_BYTES", Integer.toString(MAX_BYTES));
        settings.put("PEDIGREE_IMPORT_MAX_INFLATED_BYTES", Integer.toString(MAX_INFLATED));
        settings.put("PEDIGREE_IMPORT_MAX_ENTRIES", Integer.toString(MAX_ENTRIES));
        return settings;
    }

    private Api.Response upload(HttpRequest.BodyPublisher body) {
        return admin.send(admin.builder("/api/v1/admin/import").header("Content-Type", "application/zip")
                .POST(body));
    }

    private static byte[] zip(Map<String, byte[]> entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static long nodes() {
        try (var session = TestNeo4j.driver().session()) {
            return session.run("MATCH (n) RETURN count(n)").single().get(0).asLong();
        }
    }

    @Test
    void anUploadOverTheImportLimitIsRefusedWith413WhetherItsLengthIsDeclaredOrNot() {
        byte[] body = new byte[MAX_BYTES * 3 / 2];
        new Random(1).nextBytes(body);
        long before = nodes();

        JsonNode declared = assertProblem(upload(HttpRequest.BodyPublishers.ofByteArray(body)), 413, "body");
        assertThat(declared.path("detail").asText()).contains("PEDIGREE_IMPORT_MAX_BYTES");
        // Streamed without a length (chunked): stored only up to the limit, then refused.
        JsonNode streamed = assertProblem(upload(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(body))), 413, "body");
        assertThat(streamed.path("detail").asText()).contains("PEDIGREE_IMPORT_MAX_BYTES");
        assertThat(nodes()).isEqualTo(before);
    }

    @Test
    void aZipWhoseFilesInflatePastTheLimitIsRefusedWith413() throws Exception {
        // Four MiB of zeros deflate to a few KiB: small to send, large to inflate.
        byte[] bomb = zip(Map.of("manifest.json", "{}".getBytes(StandardCharsets.UTF_8),
                "nodes/000-Bomb.jsonl", new byte[4 * MAX_INFLATED]));
        assertThat(bomb.length).isLessThan(MAX_BYTES);

        JsonNode p = assertProblem(upload(HttpRequest.BodyPublishers.ofByteArray(bomb)), 413, "body");
        assertThat(p.path("detail").asText()).contains("PEDIGREE_IMPORT_MAX_INFLATED_BYTES");
    }

    @Test
    void aZipWithMoreFilesThanTheLimitIsRefusedWith413() throws Exception {
        Map<String, byte[]> many = new java.util.TreeMap<>();
        for (int i = 0; i <= MAX_ENTRIES; i++) {
            many.put("artifacts/" + i, new byte[] {1});
        }
        JsonNode p = assertProblem(upload(HttpRequest.BodyPublishers.ofByteArray(zip(many))), 413, "body");
        assertThat(p.path("detail").asText()).contains("PEDIGREE_IMPORT_MAX_ENTRIES");
    }

    @Test
    void aZipEntryNamingAPathOutsideTheExportIsRefusedWith400NamingIt() throws Exception {
        long before = nodes();
        for (String name : new String[] {"../../etc/cron.d/pedigree", "/etc/passwd", "nodes/..\\..\\x"}) {
            byte[] evil = zip(Map.of("manifest.json", "{}".getBytes(StandardCharsets.UTF_8),
                    name, new byte[] {1}));
            JsonNode p = assertProblem(upload(HttpRequest.BodyPublishers.ofByteArray(evil)), 400, name);
            assertThat(p.path("detail").asText()).contains(name);
        }
        assertThat(nodes()).isEqualTo(before);
    }
}
