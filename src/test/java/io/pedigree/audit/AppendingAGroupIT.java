package io.pedigree.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events appended together as a group (what an OpenLineage group records) that share keys: each event is found by
 * exactly the keys it names, every key has one target node, and the chain verifies.
 */
class AppendingAGroupIT extends PedigreeIT {

    @Test
    void eventsOfAGroupThatShareKeysAreEachFoundByExactlyTheKeysTheyName() {
        AuditLog log = new AuditLog(app.database(), Clock.systemUTC());
        List<AuditEntry> entries = List.of(
                new AuditEntry("test.group", "run:{j}a@1", List.of("dataset:{ns}in", "dataset:{ns}out@v1"),
                        null, null, null, Map.of("n", 1)),
                new AuditEntry("test.group", "run:{j}a@2", List.of("dataset:{ns}out@v1", "dataset:{ns}in"),
                        null, null, null, Map.of("n", 2)),
                new AuditEntry("test.group", "run:{j}a@3", List.of("run:{j}a@1", "dataset:{ns}other"),
                        null, null, null, Map.of("n", 3)));

        app.database().write(tx -> log.appendAll(tx, "tester", entries));

        assertThat(numbers("dataset:{ns}in")).containsExactly(1, 2);
        assertThat(numbers("dataset:{ns}out@v1")).containsExactly(1, 2);
        assertThat(numbers("run:{j}a@1")).containsExactly(1, 3);
        assertThat(numbers("run:{j}a@2")).containsExactly(2);
        assertThat(numbers("dataset:{ns}other")).containsExactly(3);
        assertThat(Graph.count("""
                MATCH (e:AuditEvent {action: 'test.group'})-[:CONCERNS]->(t:AuditTarget) RETURN count(*) AS c""")).isEqualTo(9);
        assertThat(Graph.count("""
                MATCH (t:AuditTarget) WHERE t.key STARTS WITH 'run:{j}' OR t.key STARTS WITH 'dataset:{ns}'
                RETURN count(t) AS c""")).isEqualTo(6);
        JsonNode v = AuditTrail.verify(admin);
        assertThat(v.path("ok").asBoolean()).as("%s", v).isTrue();
    }

    private List<Integer> numbers(String key) {
        return AuditTrail.all(admin, "target=" + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8)
                + "&action=test.group", 1000).stream().map(e -> e.path("details").path("n").asInt()).toList();
    }
}
