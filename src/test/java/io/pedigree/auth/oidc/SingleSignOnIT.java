package io.pedigree.auth.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.pedigree.testing.Api;
import io.pedigree.testing.Idp;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single sign-on over plain HTTP against a real provider in-process: the provider's access tokens on the API (and
 * every kind of bad one refused alike), and the browser flow's refusals: a replayed state, a callback in another
 * browser, a person without a mapped role. This server takes no API tokens on its sign-in page.
 */
class SingleSignOnIT extends PedigreeIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private Idp idp;
    private int port;

    @Override
    protected Map<String, String> settings() {
        idp = Idp.start();
        port = Idp.freePort();
        Map<String, String> env = idp.settings(port);
        env.put("PEDIGREE_OIDC_TOKEN_SIGNIN", "false");
        return env;
    }

    @AfterAll
    void stopIdp() {
        if (idp != null) {
            idp.close();
        }
    }

    private Api bearer(String token) {
        return new Api("http://127.0.0.1:" + port, token);
    }

    @Test
    void pipelinesCallTheApiWithClientCredentialsTokensAndTheMappedRoles() {
        Api ci = bearer(idp.clientCredentials("ci-pipeline", Idp.AUDIENCE, Map.of("groups", List.of("ml-engineers"))));

        assertThat(ci.post("/api/v1/batch", Map.of("nodes", List.of(Map.of("key", "dataset:tx@1")),
                "relations", List.of())).status()).isBetween(200, 201);
        assertThat(ci.get("/api/v1/node?key=dataset:tx@1").status()).isEqualTo(200);
        JsonNode me = ci.get("/api/v1/whoami").json();
        assertThat(me.get("principal").asText()).startsWith("oidc:ci-pipeline");
        assertThat(me.get("roles").toString()).isEqualTo("[\"reader\",\"writer\"]");
        // writer, not admin
        assertProblem(ci.get("/api/v1/admin/tokens"), 403);

        JsonNode events = admin.get("/api/v1/audit?limit=100").json().get("items");
        assertThat(events.findValuesAsText("actor")).anyMatch(a -> a.startsWith("oidc:ci-pipeline"));
    }

    @Test
    void aProviderTokenWithNoMappedRoleIsForbiddenEverywhere() {
        Api outsider = bearer(idp.clientCredentials("stranger", Idp.AUDIENCE, Map.of("groups", List.of("contractors"))));
        assertProblem(outsider.get("/api/v1/audit"), 403);
    }

    @Test
    void tokensThatFailAnyCheckAreTheSame401WhicheverCheckFailed() throws Exception {
        Map<String, String> bad = new LinkedHashMap<>();
        Map<String, Object> reader = Map.of("groups", List.of("staff"));
        bad.put("another audience", idp.clientCredentials("ci", "someone-else", reader));
        bad.put("another issuer", idp.server().issueToken("other", "ci", Idp.AUDIENCE, reader).serialize());
        bad.put("another issuer, our key", idp.signed(claims("http://localhost:1/acme", Idp.AUDIENCE),
                Duration.ofHours(1)).serialize());
        bad.put("expired", idp.signed(claims(idp.issuer(), Idp.AUDIENCE), Duration.ofSeconds(-600)).serialize());
        String good = idp.clientCredentials("ci", Idp.AUDIENCE, reader);
        String[] parts = good.split("\\.");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(new String(
                Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"staff\"", "\"pedigree-admins\"").getBytes(StandardCharsets.UTF_8));
        bad.put("bad signature", parts[0] + "." + forged + "." + parts[2]);
        JWTClaimsSet valid = SignedJWT.parse(good).getJWTClaimsSet();
        bad.put("alg none", new PlainJWT(valid).serialize());
        // Algorithm confusion: HMAC keyed with the provider's public key, which anyone can download.
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), valid);
        byte[] publicKey = idp.server().getConfig().getTokenProvider().publicJwkSet(Idp.ISSUER_ID).getKeys().get(0)
                .toRSAKey().toPublicKey().getEncoded();
        hmac.sign(new MACSigner(java.util.Arrays.copyOf(publicKey, Math.max(32, publicKey.length))));
        bad.put("HS256 with the public key", hmac.serialize());

        assertThat(bearer(good).get("/api/v1/audit").status()).isEqualTo(200);
        List<String> answers = new ArrayList<>();
        for (var e : bad.entrySet()) {
            Api.Response r = bearer(e.getValue()).get("/api/v1/audit");
            assertThat(r.status()).as(e.getKey()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).as(e.getKey()).hasValue(
                    "Bearer realm=\"pedigree\", error=\"invalid_token\"");
            answers.add(r.body());
        }
        assertThat(answers).as("one answer, whichever check failed").containsOnly(answers.get(0));
        // and the same answer as an unknown Pedigree token
        assertThat(bearer("pdg_unknown").get("/api/v1/audit").body()).isEqualTo(answers.get(0));
    }

    private static Map<String, Object> claims(String issuer, String audience) {
        return Map.of("iss", issuer, "aud", audience, "sub", "ci", "groups", List.of("staff"));
    }

    @Test
    void approvalsRecordTheSubjectAndDisplayNameAndARenamedRegistrantStillCannotApproveTheirOwn() {
        Registry reg = new Registry(admin);
        reg.lineage("run:train@1");
        reg.model("churn", Map.of("staging", Map.of("approvals", 1)));
        Api ritaAsRegistrant = bearer(user("rita", "Rita Risk", "risk", "ml-engineers"));
        int v = new Registry(ritaAsRegistrant).version("churn", "run:train@1", List.of());
        Api ritaRenamed = bearer(user("rita", "Rita Okafor", "risk"));
        Registry.approve(ritaRenamed, "churn", v, "staging");
        assertThat(Registry.unmetGates(reg.transition(admin, "churn", v, "staging", Map.of())))
                .contains("approvals");

        Api sam = bearer(user("sam", "Sam Reviewer", "risk"));
        Registry.approve(sam, "churn", v, "staging");
        JsonNode approvals = admin.get("/api/v1/models/churn/versions/" + v + "/approvals").json();
        assertThat(approvals.findValuesAsText("by")).contains("oidc:sam (Sam Reviewer)", "oidc:rita (Rita Okafor)");
        assertThat(reg.promote(admin, "churn", v, "staging", Map.of()).toString()).contains("staging");
    }

    /** A person's access token, as the provider issues it after they signed in. */
    private String user(String subject, String name, String... groups) {
        return idp.server().issueToken(Idp.ISSUER_ID, subject, Idp.AUDIENCE,
                Map.of("name", name, "groups", List.of(groups))).serialize();
    }

    @Test
    void aCallbackWorksOnceAndOnlyInTheBrowserThatStartedTheSignIn() throws Exception {
        Flow flow = new Flow();
        String callback = flow.signInAtProvider("ana", "{\"name\": \"Ana\", \"groups\": [\"staff\"]}");
        HttpResponse<String> first = flow.get(callback);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("pedigree_session=")
                && !c.startsWith("pedigree_session=;"));

        HttpResponse<String> replayed = flow.get(callback);
        assertThat(replayed.statusCode()).isEqualTo(400);
        assertThat(replayed.body()).contains("already completed");
        assertThat(replayed.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("pedigree_session="));

        Flow started = new Flow();
        String theirs = started.signInAtProvider("ana", "{\"groups\": [\"staff\"]}");
        HttpResponse<String> elsewhere = new Flow().get(theirs);
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        assertThat(elsewhere.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("pedigree_session="));
    }

    @Test
    void aPersonWithoutAMappedRoleGetsAClearRefusalAndNoSession() throws Exception {
        Flow flow = new Flow();
        String callback = flow.signInAtProvider("carl", "{\"name\": \"Carl\", \"groups\": [\"contractors\"]}");
        HttpResponse<String> r = flow.get(callback);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("No Pedigree role for this account", "Carl", "groups");
        assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("pedigree_session=")
                && !c.startsWith("pedigree_session=;"));
        JsonNode events = admin.get("/api/v1/audit?limit=100").json().get("items");
        assertThat(events.findValuesAsText("action")).contains("session.refuse");
    }

    @Test
    void theSignInPageOffersOnlyTheProviderWhenTokenSignInIsOff() throws Exception {
        Flow flow = new Flow();
        HttpResponse<String> page = flow.get("http://127.0.0.1:" + port + "/signin");
        assertThat(page.body()).contains("id=\"sso\"", "Sign in with localhost").doesNotContain("id=\"token\"");
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/signin")).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "http://127.0.0.1:" + port)
                .POST(HttpRequest.BodyPublishers.ofString("token=" + io.pedigree.testing.TestApp.ADMIN_TOKEN))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isIn(403);
        assertThat(posted.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("pedigree_session="));
        // API tokens still work on the API.
        assertThat(admin.get("/api/v1/audit").status()).isEqualTo(200);
    }

    /** One browser's cookies through a sign-in, without the browser. */
    private final class Flow {
        private final Map<String, String> cookies = new LinkedHashMap<>();

        HttpResponse<String> get(String url) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
            if (!cookies.isEmpty()) {
                b.header("Cookie", String.join("; ", cookies.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).toList()));
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            for (String c : r.headers().allValues("Set-Cookie")) {
                String pair = c.split(";", 2)[0];
                int eq = pair.indexOf('=');
                cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            return r;
        }

        /** Starts a sign-in at Pedigree, signs in at the provider's form, and answers the callback URL. */
        String signInAtProvider(String user, String claims) throws Exception {
            HttpResponse<String> start = get("http://127.0.0.1:" + port + "/signin/oidc?next=%2Faudit");
            assertThat(start.statusCode()).isEqualTo(303);
            String authorize = start.headers().firstValue("Location").orElseThrow();
            HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(authorize))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + enc(user) + "&claims=" + enc(claims)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(302);
            return login.headers().firstValue("Location").orElseThrow();
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
