package io.pedigree.api;

import io.pedigree.testing.Api;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** With PEDIGREE_AUTH_MODE=open-reads anyone may read, but writing and administration still need tokens. */
class OpenReadsIT extends PedigreeIT {

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = TestApp.settings();
        s.put("PEDIGREE_AUTH_MODE", "open-reads");
        return s;
    }

    @Test
    void anonymousCallersMayRead() {
        admin.put("/api/v1/nodes", Map.of("key", "deployment:fraud-api"));
        Api anonymous = admin.as(null);

        assertThat(anonymous.get("/api/v1/nodes").status()).isEqualTo(200);
        assertThat(anonymous.get("/api/v1/node?key=" + Api.q("deployment:fraud-api")).status()).isEqualTo(200);
        assertThat(anonymous.get("/api/v1/whoami").json().get("principal").asText()).isEqualTo("anonymous");
    }

    @Test
    void anonymousCallersMayNotWriteOrAdminister() {
        Api anonymous = admin.as(null);

        assertProblem(anonymous.put("/api/v1/nodes", Map.of("key", "deployment:fraud-api")), 401);
        assertProblem(anonymous.get("/api/v1/admin/tokens"), 401);
        assertThat(Graph.nodes()).isZero();
    }

    @Test
    void aBadTokenIsStillRefusedRatherThanTreatedAsAnonymous() {
        assertProblem(admin.as("pdg_wrong").get("/api/v1/nodes"), 401);
    }

    @Test
    void readersStillCannotWrite() {
        assertProblem(admin.withNewToken("dashboard", "reader").put("/api/v1/nodes",
                Map.of("key", "deployment:fraud-api")), 403);
    }
}
