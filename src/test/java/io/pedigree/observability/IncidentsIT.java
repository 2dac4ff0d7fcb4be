package io.pedigree.observability;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Audit;
import io.pedigree.testing.MutableClock;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Incidents on fraud-prod, which served version 1 (trained on tx@1) from 01:00 and version 2 (trained on tx@2)
 * from 04:00 of day 10. On day 12 tx@3 is recorded and tx@2 quarantined; the clock then stands at day 13.
 */
class IncidentsIT extends PedigreeIT {

    private static final Instant DAY = Instant.parse("2026-11-10T00:00:00Z");

    private final MutableClock clock = new MutableClock(DAY);
    private Api ana;

    @Override
    protected Clock clock() {
        return clock;
    }

    @BeforeEach
    void twoVersionsThenChangesUpstream() {
        ana = admin.withNewToken("ana", "writer");
        Registry reg = TwoServedVersions.record(ana, clock, DAY);
        clock.advance(Duration.ofDays(2));
        reg.lineage("dataset:tx@3");
        ok(ana.post("/api/v1/quarantines", Map.of("key", "dataset:tx@2", "reason", "labels shifted")));
        clock.advance(Duration.ofDays(1));
    }

    @Test
    void anIncidentGoesToTheVersionServingAtItsStartAndNamesTheOneBefore() {
        JsonNode now = open("high", null);
        JsonNode earlier = open("low", DAY.plus(Duration.ofHours(2)).toString());

        assertThat(now.get("version").asText()).isEqualTo("model:fraud@2");
        assertThat(now.get("previousVersion").asText()).isEqualTo("model:fraud@1");
        assertThat(now.get("status").asText()).isEqualTo("open");
        assertThat(earlier.get("version").asText()).isEqualTo("model:fraud@1");
        assertThat(earlier.get("previousVersion").isNull()).isTrue();
    }

    @Test
    void impactFromTheTrainingDataReachesTheIncidentAndItsLineageReachesTheData() {
        String key = open("critical", null).get("key").asText();

        JsonNode impact = ok(ana.get("/api/v1/impact?key=" + Api.q("dataset:tx@2")));
        JsonNode lineage = ok(ana.get("/api/v1/lineage?direction=upstream&depth=10&key=" + Api.q(key)));

        assertThat(impact.toString()).contains(key);
        assertThat(lineage.toString()).contains("dataset:tx@2", "deployment:fraud-prod");
        assertThat(impact.toString()).doesNotContain("dataset:tx@1");
    }

    @Test
    void acknowledgingAndResolvingAreAuditedAndAResolvedIncidentStaysResolved() {
        String id = open("high", null).get("id").asText();

        JsonNode acked = ok(ana.post("/api/v1/incidents/" + id + "/acknowledge", Map.of("comment", "looking")));
        JsonNode resolved = ok(ana.post("/api/v1/incidents/" + id + "/resolve", Map.of("resolution",
                "rolled back to v1")));

        assertThat(acked.get("acknowledgedBy").asText()).isEqualTo("ana");
        assertThat(resolved.get("status").asText()).isEqualTo("resolved");
        assertThat(resolved.get("resolution").asText()).isEqualTo("rolled back to v1");
        assertThat(Audit.count("incident.open")).isEqualTo(1);
        assertThat(Audit.count("incident.acknowledge")).isEqualTo(1);
        assertThat(Audit.count("incident.resolve")).isEqualTo(1);
        assertProblem(ana.post("/api/v1/incidents/" + id + "/resolve", Map.of("resolution", "again")), 409);
    }

    @Test
    void theListFiltersByStatusSeverityDeploymentAndVersion() {
        String high = open("high", null).get("id").asText();
        open("low", DAY.plus(Duration.ofHours(2)).toString());
        ok(ana.post("/api/v1/incidents/" + high + "/resolve", Map.of("resolution", "fixed")));

        assertThat(ok(ana.get("/api/v1/incidents?status=resolved")).findValuesAsText("id")).containsExactly(high);
        assertThat(ok(ana.get("/api/v1/incidents?severity=low")).findValuesAsText("version"))
                .containsExactly("model:fraud@1");
        assertThat(ok(ana.get("/api/v1/incidents?version=" + Api.q("model:fraud@2"))).findValuesAsText("id"))
                .containsExactly(high);
        assertThat(ok(ana.get("/api/v1/incidents?deployment=fraud-prod"))).hasSize(2);
        assertThat(ok(ana.get("/api/v1/incidents?deployment=other"))).isEmpty();
        assertProblem(ana.get("/api/v1/incidents?status=closed"), 400, "status");
    }

    @Test
    void whatChangedComparesTheVersionsAndNamesUpstreamQuarantinesAndNewVersionsInTheWeekBefore() {
        String id = open("high", null).get("id").asText();

        JsonNode changes = ok(ana.get("/api/v1/incidents/" + id + "/changes"));

        assertThat(changes.get("version").asText()).isEqualTo("model:fraud@2");
        assertThat(changes.at("/comparison/inputs/changed").toString()).contains("dataset:tx@1", "dataset:tx@2");
        assertThat(changes.get("quarantined").findValuesAsText("asset")).containsExactly("dataset:tx@2");
        assertThat(changes.get("reversioned").findValuesAsText("newer")).contains("dataset:tx@3");
    }

    @Test
    void aVersionsPageListsTheIncidentsThatStartedWhileItServed() {
        open("high", null);
        io.pedigree.testing.WebClient web = new io.pedigree.testing.WebClient(app);
        web.signIn(io.pedigree.testing.TestApp.ADMIN_TOKEN);

        String v2 = web.get("/node?key=" + Api.q("model:fraud@2")).body();
        String v1 = web.get("/node?key=" + Api.q("model:fraud@1")).body();

        assertThat(v2).contains("Incidents", "p95 above 400 ms");
        assertThat(v1).contains("No incidents.").doesNotContain("p95 above 400 ms");
    }

    @Test
    void anIncidentNeedsAKnownSeverityAndAKnownDeployment() {
        assertProblem(ana.post("/api/v1/deployments/fraud-prod/incidents", Map.of("severity", "sev0",
                "title", "slow")), 400, "severity");
        assertProblem(ana.post("/api/v1/deployments/nowhere/incidents", Map.of("severity", "low",
                "title", "slow")), 404, "name");
    }

    private JsonNode open(String severity, String start) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("severity", severity, "title", "p95 above 400 ms",
                "description", "customers time out", "links", List.of("https://status.example/inc/1")));
        if (start != null) {
            body.put("start", start);
        }
        Api.Response r = ana.post("/api/v1/deployments/fraud-prod/incidents", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }
}
