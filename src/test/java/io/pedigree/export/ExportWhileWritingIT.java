package io.pedigree.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pedigree.error.PedigreeException.Conflict;
import io.pedigree.testing.Api;
import io.pedigree.testing.Lineage;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import io.pedigree.testing.TestNeo4j;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An export of an instance that is being written to is one committed state of its graph, or refused. */
class ExportWhileWritingIT extends PedigreeIT {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());
    /** Nodes in each batch the writer posts: a chain of this many datasets, so this many less one relations. */
    private static final int BATCH = 50;

    @Override
    protected Map<String, String> settings() {
        Map<String, String> settings = TestApp.settings();
        settings.put("PEDIGREE_QUERY_TIMEOUT_SECONDS", "300");
        return settings;
    }

    /** One audited batch: {@link #BATCH} new datasets, each derived from the one before. */
    private static Lineage batch(String prefix, int i) {
        Lineage l = Lineage.of();
        for (int j = 0; j < BATCH; j++) {
            l.node("dataset:" + prefix + i + "-" + j + "@1");
            if (j > 0) {
                l.rel("dataset:" + prefix + i + "-" + j + "@1", "DERIVED_FROM", "dataset:" + prefix + i + "-" + (j - 1)
                        + "@1");
            }
        }
        return l;
    }

    private static long count(String query) {
        try (var session = TestNeo4j.driver().session()) {
            return session.run(query).single().get(0).asLong();
        }
    }

    private long seq() {
        return admin.get("/api/v1/audit/verify").json().path("head").path("seq").asLong();
    }

    /**
     * Imports the export into the emptied instance and checks that it is one state: the audit chain verifies with
     * the manifest's head, and the writer's nodes and relations are exactly those of the batches that chain holds.
     */
    private void assertOneState(Path dir, long seqBeforeWrites, String prefix) throws Exception {
        Manifest manifest = JSON.readValue(dir.resolve("manifest.json").toFile(), Manifest.class);
        resetGraph();
        app.backups().importFrom(dir, false, "test");
        JsonNode verify = admin.get("/api/v1/audit/verify").json();
        assertThat(verify.path("ok").asBoolean()).as(verify.toString()).isTrue();
        assertThat(verify.path("head").path("seq").asLong()).isEqualTo(manifest.auditHead().seq());
        assertThat(count("MATCH (e:AuditEvent) RETURN count(e)")).isEqualTo(manifest.auditHead().seq());
        long batches = manifest.auditHead().seq() - seqBeforeWrites;
        // Versions only: each version's family (its key without '@1') is a node too.
        assertThat(count("MATCH (n:Node) WHERE n.key STARTS WITH 'dataset:" + prefix + "' AND n.key ENDS WITH '@1'"
                + " RETURN count(n)"))
                .as("nodes of the %d batches the audit log holds", batches).isEqualTo(batches * BATCH);
        assertThat(count("MATCH (n:Node)-[r:DERIVED_FROM]->() WHERE n.key STARTS WITH 'dataset:" + prefix
                + "' RETURN count(r)")).isEqualTo(batches * (BATCH - 1));
    }

    @Test
    void anExportTakenWhileBatchesArePostedIsOneStateOfTheGraphOrIsRefused() throws Exception {
        for (int i = 0; i < 40; i++) {
            batch("base", i).writeWith(admin);
        }
        long seqBeforeWrites = seq();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger posted = new AtomicInteger();
        Api writer = admin.withNewToken("ingest", "writer");
        long seqBeforeWriter = seq();
        Thread thread = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                batch("w", i).writeWith(writer);
                posted.incrementAndGet();
            }
        });
        thread.start();
        Path dir = TestApp.tempDir("pedigree-export").resolve("out");
        Conflict refused = null;
        try {
            while (posted.get() < 3) {
                Thread.sleep(10);
            }
            app.backups().exportTo(dir, false);
        } catch (Conflict e) {
            refused = e;
        } finally {
            stop.set(true);
            thread.join();
        }
        assertThat(posted.get()).as("batches posted while exporting").isGreaterThan(3);
        if (refused != null) {
            assertThat(refused.getMessage()).contains("Writes were committed while the export read the graph");
            assertThat(Files.exists(dir.resolve("manifest.json"))).isFalse();
            assertThat(Files.exists(dir.resolve("nodes"))).isFalse();
            return;
        }
        assertThat(seqBeforeWriter).isGreaterThan(seqBeforeWrites);
        assertOneState(dir, seqBeforeWriter, "w");
    }

    @Test
    void anExportDownloadedWhileBatchesArePostedIsOneStateOrA409BeforeAnyByte() throws Exception {
        for (int i = 0; i < 40; i++) {
            batch("base", i).writeWith(admin);
        }
        Api writer = admin.withNewToken("ingest", "writer");
        long seqBeforeWriter = seq();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger posted = new AtomicInteger();
        Thread thread = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                batch("w", i).writeWith(writer);
                posted.incrementAndGet();
            }
        });
        thread.start();
        java.net.http.HttpResponse<byte[]> answer;
        try {
            while (posted.get() < 3) {
                Thread.sleep(10);
            }
            answer = admin.sendBytes(admin.builder("/api/v1/admin/export")
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        } finally {
            stop.set(true);
            thread.join();
        }
        String type = answer.headers().firstValue("Content-Type").orElse("");
        if (answer.statusCode() == 409) {
            assertThat(type).startsWith("application/problem+json");
            assertThat(new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("Writes were committed while the export read the graph");
            return;
        }
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(type).isEqualTo("application/zip");
        Path dir = TestApp.tempDir("pedigree-export");
        try (var zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(answer.body()))) {
            for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                Path file = dir.resolve(e.getName());
                Files.createDirectories(file.getParent());
                Files.copy(zip, file);
            }
        }
        assertOneState(dir, seqBeforeWriter, "w");
    }

    @Test
    void aWriteLandingWhileTheExportReadsMakesItReadTheGraphAgain() throws Exception {
        for (int i = 0; i < 5; i++) {
            batch("base", i).writeWith(admin);
        }
        long seqBeforeWrites = seq();
        AtomicInteger reads = new AtomicInteger();
        Backups backups = app.backups().withSeams(new Backups.Seams(() -> {
            // The first read of the graph is overtaken by a batch; the second is not.
            if (reads.incrementAndGet() == 1) {
                batch("late", 0).writeWith(admin);
            }
        }, step -> { }));
        Path dir = TestApp.tempDir("pedigree-export").resolve("out");
        ExportReport report = backups.exportTo(dir, false);

        assertThat(reads.get()).isEqualTo(2);
        assertThat(report.auditHead().seq()).isEqualTo(seqBeforeWrites + 1);
        assertOneState(dir, seqBeforeWrites, "late");
    }

    @Test
    void anExportOvertakenByWritesOnEveryReadIsRefusedAndLeavesNoFiles() throws Exception {
        batch("base", 0).writeWith(admin);
        AtomicInteger reads = new AtomicInteger();
        Backups backups = app.backups().withSeams(new Backups.Seams(
                () -> batch("late", reads.incrementAndGet()).writeWith(admin), step -> { }));
        Path dir = TestApp.tempDir("pedigree-export").resolve("out");

        assertThatThrownBy(() -> backups.exportTo(dir, false)).isInstanceOf(Conflict.class)
                .hasMessageContaining("Writes were committed while the export read the graph (3 attempts)")
                .hasMessageContaining("Pause writes");
        assertThat(reads.get()).isEqualTo(Backups.EXPORT_ATTEMPTS);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }
}
