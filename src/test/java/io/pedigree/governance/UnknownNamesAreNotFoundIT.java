package io.pedigree.governance;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every registry, governance and deployment route, asked about a model, version, alias, deployment or quarantine
 * that does not exist, answers 404 problem+json naming what was not found; never a 500, never a change.
 */
class UnknownNamesAreNotFoundIT extends PedigreeIT {

    /** One route call: what it is, the request, and the field its 404 must name. */
    private record Call(String what, Function<Api, Api.Response> send, String field) {
    }

    private static final Map<String, Object> TRANSITION = Map.of("to", "staging", "reason", "try");
    private static final Map<String, Object> DECISION = Map.of("stage", "staging", "decision", "approve",
            "comment", "fine");
    private static final Map<String, Object> EVALUATION = Map.of("suite", "holdout",
            "metrics", List.of(Map.of("name", "auc", "value", 0.9)));

    @BeforeEach
    void oneModelWithOneVersionAndOneDeployment() {
        Registry reg = new Registry(admin);
        reg.lineage("dataset:tx@1", "run:train@r1");
        reg.model("known", null);
        reg.version("known", "run:train@r1", List.of("dataset:tx@1"));
        reg.deployment("known-prod", "production");
    }

    /** The calls on one version of a model, by number or alias. */
    private static List<Call> versionRoutes(String model, String version, String field) {
        String v = "/api/v1/models/" + model + "/versions/" + version;
        return List.of(
                new Call("GET version", a -> a.get(v), field),
                new Call("PATCH version", a -> a.patch(v, Map.of("description", "x")), field),
                new Call("GET gates", a -> a.get(v + "/gates"), field),
                new Call("GET gates for staging", a -> a.get(v + "/gates?stage=staging"), field),
                new Call("GET regression", a -> a.get(v + "/regression"), field),
                new Call("GET evaluations", a -> a.get(v + "/evaluations"), field),
                new Call("POST evaluations", a -> a.post(v + "/evaluations", EVALUATION), field),
                new Call("GET approvals", a -> a.get(v + "/approvals"), field),
                new Call("POST approvals", a -> a.post(v + "/approvals", DECISION), field),
                new Call("GET transitions", a -> a.get(v + "/transitions"), field),
                new Call("POST transitions", a -> a.post(v + "/transitions", TRANSITION), field));
    }

    private static List<Call> unknownModel() {
        String m = "/api/v1/models/nosuch";
        List<Call> calls = new ArrayList<>(List.of(
                new Call("GET model", a -> a.get(m), "name"),
                new Call("PATCH model", a -> a.patch(m, Map.of("description", "x")), "name"),
                new Call("PUT policy", a -> a.put(m + "/policy", Map.of("production", Map.of("approvals", 1),
                        "reason", "stricter")), "name"),
                new Call("GET compare", a -> a.get(m + "/compare?a=1&b=2"), "name"),
                new Call("GET alias", a -> a.get(m + "/aliases/champion"), "name"),
                new Call("PUT alias", a -> a.put(m + "/aliases/champion", Map.of("version", 1)), "name"),
                new Call("DELETE alias", a -> a.delete(m + "/aliases/champion"), "name"),
                new Call("GET versions", a -> a.get(m + "/versions"), "name"),
                new Call("POST versions", a -> a.post(m + "/versions", Map.of("inputs", List.of("dataset:tx@1"))),
                        "name"),
                new Call("POST adoptions", a -> a.post(m + "/adoptions", Map.of("version", 1)), "name")));
        calls.addAll(versionRoutes("nosuch", "1", "name"));
        calls.addAll(versionRoutes("nosuch", "champion", "name"));
        return calls;
    }

    private static List<Call> unknownVersionOrAlias() {
        String m = "/api/v1/models/known";
        List<Call> calls = new ArrayList<>(List.of(
                new Call("GET compare", a -> a.get(m + "/compare?a=1&b=9"), "b"),
                new Call("GET compare by alias", a -> a.get(m + "/compare?a=nosuch&b=1"), "a"),
                new Call("GET alias", a -> a.get(m + "/aliases/nosuch"), "alias"),
                new Call("PUT alias", a -> a.put(m + "/aliases/champion", Map.of("version", 9)), "version"),
                new Call("DELETE alias", a -> a.delete(m + "/aliases/nosuch"), "alias")));
        calls.addAll(versionRoutes("known", "9", "version"));
        calls.addAll(versionRoutes("known", "nosuch", "version"));
        return calls;
    }

    private static List<Call> unknownDeploymentOrQuarantine() {
        String d = "/api/v1/deployments/nosuch";
        return List.of(
                new Call("GET deployment", a -> a.get(d), "name"),
                new Call("GET deployment as of", a -> a.get(d + "?asOf=2026-01-01T00:00:00Z"), "name"),
                new Call("GET history", a -> a.get(d + "/history"), "name"),
                new Call("POST serve", a -> a.post(d + "/serve", Map.of("version", "model:known@1",
                        "reason", "try")), "name"),
                new Call("GET rollback plan", a -> a.get(d + "/rollback-plan"), "name"),
                new Call("POST rollback", a -> a.post(d + "/rollback", Map.of("reason", "try")), "name"),
                new Call("GET quarantine", a -> a.get("/api/v1/quarantines/nosuch"), "id"),
                new Call("POST release", a -> a.post("/api/v1/quarantines/nosuch/release",
                        Map.of("reason", "try")), "id"));
    }

    @Test
    void everyRouteAnswers404NamingTheUnknownModel() {
        walk(unknownModel(), "nosuch");
    }

    @Test
    void everyRouteAnswers404NamingTheUnknownVersionOrAlias() {
        walk(unknownVersionOrAlias(), null);
    }

    @Test
    void everyRouteAnswers404NamingTheUnknownDeploymentOrQuarantine() {
        walk(unknownDeploymentOrQuarantine(), "nosuch");
    }

    private void walk(List<Call> calls, String named) {
        // An approver other than the registrant (admin), so approval routes reach the lookup.
        Api bo = admin.withNewToken("bo", "writer", "approver", "admin");
        long events = io.pedigree.testing.Audit.count();
        List<String> wrong = new ArrayList<>();
        for (Call c : calls) {
            Api.Response r = c.send().apply(bo);
            JsonNode p = r.contentType().startsWith("application/problem+json") ? r.json() : null;
            boolean ok = r.status() == 404 && p != null && c.field().equals(p.path("field").asText())
                    && (named == null || p.path("detail").asText().contains(named));
            if (!ok) {
                wrong.add(c.what() + " -> " + r.status() + " " + r.body());
            } else {
                assertProblem(r, 404, c.field());
            }
        }
        assertThat(wrong).as("routes that did not answer 404 naming the unknown field").isEmpty();
        assertThat(io.pedigree.testing.Audit.count()).as("nothing changed").isEqualTo(events);
    }
}
