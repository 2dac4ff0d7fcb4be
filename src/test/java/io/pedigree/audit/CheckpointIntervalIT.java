package io.pedigree.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With an interval set, the head is checkpointed by itself once it has moved, and not again while it stays. */
class CheckpointIntervalIT extends PedigreeIT {

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = TestApp.settings();
        s.put("PEDIGREE_AUDIT_CHECKPOINT_SECONDS", "1");
        return s;
    }

    @Test
    void headIsCheckpointedEveryIntervalOnlyWhenItMoved() throws Exception {
        admin.put("/api/v1/nodes", Map.of("key", "model:fraud@1"));
        long head = AuditTrail.lastSeq(admin);

        await().atMost(Duration.ofSeconds(20)).until(() -> latestSeq() == head);
        int count = admin.get("/api/v1/audit/checkpoints").json().size();
        Thread.sleep(2500); // two more turns of the timer, with nothing appended
        assertThat(admin.get("/api/v1/audit/checkpoints").json().size()).isEqualTo(count);

        admin.put("/api/v1/nodes", Map.of("key", "model:fraud@2"));
        long moved = AuditTrail.lastSeq(admin);
        await().atMost(Duration.ofSeconds(20)).until(() -> latestSeq() == moved);
    }

    private long latestSeq() {
        JsonNode all = admin.get("/api/v1/audit/checkpoints").json();
        return all.isEmpty() ? -1 : all.get(all.size() - 1).path("seq").asLong();
    }
}
