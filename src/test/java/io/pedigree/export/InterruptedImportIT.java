package io.pedigree.export;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Lineage;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import io.pedigree.testing.TestNeo4j;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An import whose process stops part-way is finished or removed when the instance starts again on its store. */
class InterruptedImportIT extends PedigreeIT {

    private static final List<String> ANSWERS = List.of(
            "/api/v1/lineage?key=" + Api.q("model:scorer@2") + "&direction=upstream&depth=10",
            "/api/v1/impact?key=" + Api.q("dataset:raw@1") + "&depth=10",
            "/api/v1/audit/verify",
            "/api/v1/audit/export?format=jsonl");

    /** What a process that dies looks like from inside it: nothing after this point runs, not even a catch. */
    private static final class Stopped extends Error {
        Stopped(String step) {
            super("process stopped at " + step);
        }
    }

    private void loadSource() {
        Lineage.of().node("dataset:raw@1", "dataset:clean@1", "model:scorer@1", "model:scorer@2", "commit:train@abc")
                .rel("dataset:clean@1", "DERIVED_FROM", "dataset:raw@1")
                .rel("model:scorer@1", "DERIVED_FROM", "dataset:clean@1")
                .rel("model:scorer@2", "DERIVED_FROM", "dataset:clean@1")
                .rel("model:scorer@2", "DERIVED_FROM", "commit:train@abc")
                .writeWith(admin);
        admin.withNewToken("dashboard", "reader");
    }

    private Map<String, String> answers(Api api) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String path : ANSWERS) {
            Api.Response r = api.get(path);
            assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
            out.put(path, r.body().replaceAll("\"asOf\":\"[^\"]*\"", "\"asOf\":\"-\""));
        }
        return out;
    }

    private static long count(String query) {
        try (var session = TestNeo4j.driver().session()) {
            return session.run(query).single().get(0).asLong();
        }
    }

    /** Stops and starts this class's instance on the same store, as a restart after a crash does. */
    private void restart() {
        app.close();
        app = TestApp.start(settings());
        admin = Api.admin(app);
    }

    private Backups stoppingAt(String step, int occurrence) {
        AtomicInteger seen = new AtomicInteger();
        return app.backups().withSeams(new Backups.Seams(() -> { }, s -> {
            if (s.equals(step) && seen.incrementAndGet() == occurrence) {
                throw new Stopped(step);
            }
        }));
    }

    @Test
    void anImportStoppedDuringItsFinalSwitchIsFinishedAtTheNextStart() throws Exception {
        loadSource();
        Map<String, String> before = answers(admin);
        Path dir = TestApp.tempDir("pedigree-export").resolve("out");
        app.backups().exportTo(dir, false);
        resetGraph();

        // Three relabelling batches in, the process stops: some nodes are real, the rest still staged.
        assertThatThrownBy(() -> stoppingAt("flipped", 3).importFrom(dir, false, "test"))
                .isInstanceOf(Stopped.class);
        assertThat(count("MATCH (n:PedigreeImport) RETURN count(n)")).isPositive();
        assertThat(count("MATCH (n) WHERE n._importRun IS NOT NULL AND NOT n:PedigreeImport RETURN count(n)"))
                .isPositive();

        restart();
        Map<String, String> after = answers(admin);
        assertThat(after).isEqualTo(before);
        assertThat(count("MATCH (n:PedigreeImport|PedigreeReplaced|PedigreeImportRun) RETURN count(n)")).isZero();
        assertThat(count("MATCH (n) WHERE n._importRun IS NOT NULL OR n._importGroup IS NOT NULL RETURN count(n)"))
                .isZero();
    }

    @Test
    void anImportStoppedWhileRemovingItsMarkersIsFinishedAtTheNextStart() throws Exception {
        loadSource();
        Map<String, String> before = answers(admin);
        Path dir = TestApp.tempDir("pedigree-export").resolve("out");
        app.backups().exportTo(dir, false);
        resetGraph();

        assertThatThrownBy(() -> stoppingAt("finishing", 1).importFrom(dir, false, "test"))
                .isInstanceOf(Stopped.class);
        assertThat(count("MATCH (n:PedigreeImportRun) RETURN count(n)")).isEqualTo(1);

        restart();
        assertThat(answers(admin)).isEqualTo(before);
        assertThat(count("MATCH (n:PedigreeImport|PedigreeReplaced|PedigreeImportRun) RETURN count(n)")).isZero();
        assertThat(count("MATCH (n) WHERE n._importRun IS NOT NULL RETURN count(n)")).isZero();
    }

    @Test
    void anImportStoppedBeforeItsSwitchIsRemovedAtTheNextStartAndAudited() throws Exception {
        loadSource();
        Path dir = TestApp.tempDir("pedigree-export").resolve("out");
        app.backups().exportTo(dir, false);
        resetGraph();
        String notAudit = "MATCH (n) WHERE NOT n:AuditEvent AND NOT n:AuditTarget RETURN count(n)";
        long nodesBefore = count(notAudit);

        assertThatThrownBy(() -> stoppingAt("begin", 1).importFrom(dir, false, "test"))
                .isInstanceOf(Stopped.class);
        assertThat(count("MATCH (n:PedigreeImport) RETURN count(n)")).isPositive();

        restart();
        assertThat(count("MATCH (n:PedigreeImport|PedigreeReplaced|PedigreeImportRun) RETURN count(n)")).isZero();
        // The instance is as it was, plus the audit event saying what was removed; and it still counts as empty.
        assertThat(count(notAudit)).isEqualTo(nodesBefore);
        JsonNode events = admin.get("/api/v1/audit?action=export.import-removed").json();
        assertThat(events.path("items").get(0).path("reason").asText()).contains("staged by an import that stopped");
        ImportReport r = app.backups().importFrom(dir, false, "test");
        assertThat(r.nodesCreated()).isPositive();
    }
}
