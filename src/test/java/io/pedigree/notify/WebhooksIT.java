package io.pedigree.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pedigree.audit.AuditLog;
import io.pedigree.lineage.Limits;
import io.pedigree.testing.Api;
import io.pedigree.testing.Audit;
import io.pedigree.testing.MutableClock;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhooks end to end: events from the audit log delivered, signed, to a receiver on loopback (reached through the
 * allow-list), retried with backoff on the app's clock, logged, redelivered; and every refusal of where to send.
 */
class WebhooksIT extends PedigreeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOOKS = "/api/v1/admin/webhooks";
    private static final String M = "assistant";

    private final MutableClock clock = new MutableClock();
    private Receiver receiver;
    private Api ana;
    private Registry reg;

    @Override
    protected Clock clock() {
        return clock;
    }

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = TestApp.settings();
        // The receiver listens on loopback, which only the allow-list lets webhooks reach; the test runs the
        // worker itself, on its clock.
        s.put("PEDIGREE_WEBHOOK_ALLOW", "127.0.0.1/32");
        s.put("PEDIGREE_WEBHOOK_INTERVAL_SECONDS", "0");
        return s;
    }

    /**
     * Version 1 of the assistant on customers@3 in staging; version 2 on customers@4 in production, served by
     * assistant-prod (owned by ana) and assistant-eu (owned by bo).
     */
    @BeforeEach
    void servingStory() throws Exception {
        receiver = new Receiver();
        ana = admin.withNewToken("ana", "writer");
        reg = new Registry(ana);
        reg.lineage("dataset:customers@3", "dataset:customers@4", "run:tune@r1", "run:tune@r2");
        reg.model(M, Map.of("production", Map.of("approvals", 0)));
        reg.deployment("assistant-prod", "production");
        ok(ana.put("/api/v1/deployments/assistant-eu", Map.of("environment", "production", "endpoint",
                "https://eu.example", "owner", "person:bo")));
        reg.version(M, "run:tune@r1", List.of("dataset:customers@3"));
        reg.version(M, "run:tune@r2", List.of("dataset:customers@4"));
        reg.promote(ana, M, 1, "staging", Map.of());
        reg.promote(ana, M, 2, "staging", Map.of());
        reg.promote(ana, M, 2, "production", Map.of("deployments", List.of("assistant-prod", "assistant-eu")));
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private JsonNode subscribe(String... events) {
        return ok(admin.post(HOOKS, Map.of("url", receiver.url("/hook"), "events", List.of(events),
                "description", "test receiver")));
    }

    private String quarantine(String key) {
        return ok(ana.post("/api/v1/quarantines", Map.of("key", key, "reason", "found personal data")))
                .get("id").asText();
    }

    private JsonNode log(String subscription) {
        return ok(admin.get(HOOKS + "/" + subscription + "/deliveries"));
    }

    @Test
    void aQuarantineIsDeliveredSignedNamingEveryAffectedProductionDeploymentAndItsOwners() throws Exception {
        JsonNode created = subscribe("quarantine.created");
        String secret = created.get("secret").asText();
        String id = quarantine("dataset:customers@4");

        app.webhooks().run();

        assertThat(receiver.received()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/hook");
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(r.header("Pedigree-Event")).isEqualTo("quarantine.created");
            String timestamp = r.header("Pedigree-Timestamp");
            assertThat(Long.parseLong(timestamp)).isCloseTo(clock.instant().getEpochSecond(),
                    org.assertj.core.data.Offset.offset(5L));
            assertThat(r.header("Pedigree-Signature")).isEqualTo(hmac(secret, timestamp + "." + r.body()));
        });
        JsonNode body = JSON.readTree(receiver.received().get(0).body());
        assertThat(body.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(body.get("type").asText()).isEqualTo("quarantine.created");
        assertThat(body.get("id").asText()).isEqualTo(receiver.received().get(0).header("Pedigree-Event-Id"));
        assertThat(body.get("actor").asText()).isEqualTo("ana");
        assertThat(body.get("subject").asText()).isEqualTo("dataset:customers@4");
        assertThat(body.get("reason").asText()).isEqualTo("found personal data");
        JsonNode impact = body.get("impact");
        assertThat(impact.get("quarantine").asText()).isEqualTo(id);
        assertThat(impact.get("affectedVersions").toString()).contains("model:assistant@2")
                .doesNotContain("model:assistant@1");
        assertThat(impact.get("productionDeployments")).hasSize(2);
        Map<String, String> owners = new java.util.TreeMap<>();
        impact.get("productionDeployments").forEach(d -> {
            assertThat(d.get("serves").toString()).contains("model:assistant@2");
            owners.put(d.get("deployment").asText(), d.get("owners").toString());
        });
        assertThat(owners).containsEntry("deployment:assistant-prod", "[\"person:ana\"]")
                .containsEntry("deployment:assistant-eu", "[\"person:bo\"]");
    }

    @Test
    void aFailedDeliveryIsRetriedWithExponentialBackoffOnTheClockAndLogged() {
        String sub = subscribe("*").get("subscription").get("id").asText();
        receiver.answer(500, 503);
        quarantine("dataset:customers@3");

        app.webhooks().run();
        JsonNode first = log(sub).get(0);
        assertThat(first.get("status").asText()).isEqualTo("retrying");
        assertThat(first.get("attempts").asInt()).isEqualTo(1);
        assertThat(first.get("responseCode").asInt()).isEqualTo(500);
        assertThat(first.get("error").asText()).contains("500");
        assertThat(Duration.between(Instant.parse(first.get("lastAttemptAt").asText()),
                Instant.parse(first.get("nextAttemptAt").asText()))).isEqualTo(Duration.ofSeconds(10));

        clock.advance(Duration.ofSeconds(9));
        assertThat(app.webhooks().run().attempts()).as("not due yet").isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(app.webhooks().run().attempts()).isEqualTo(1);
        JsonNode second = log(sub).get(0);
        assertThat(second.get("responseCode").asInt()).isEqualTo(503);
        assertThat(Duration.between(Instant.parse(second.get("lastAttemptAt").asText()),
                Instant.parse(second.get("nextAttemptAt").asText()))).as("doubled").isEqualTo(Duration.ofSeconds(20));

        clock.advance(Duration.ofSeconds(19));
        assertThat(app.webhooks().run().attempts()).isZero();
        clock.advance(Duration.ofSeconds(1));
        app.webhooks().run();

        JsonNode done = log(sub).get(0);
        assertThat(done.get("status").asText()).isEqualTo("delivered");
        assertThat(done.get("attempts").asInt()).isEqualTo(3);
        assertThat(done.get("responseCode").asInt()).isEqualTo(200);
        assertThat(done.get("error").isNull()).isTrue();
        assertThat(done.get("deliveredAt").isNull()).isFalse();
        assertThat(receiver.received()).hasSize(3).extracting(r -> r.body()).containsOnly(done.get("payload")
                .toString());
        assertThat(receiver.received()).extracting(r -> r.header("Pedigree-Delivery")).containsOnly(done.get("id")
                .asText());
    }

    @Test
    void aDeliveryIsGivenUpAfterTheLastAttempt() {
        String sub = subscribe("quarantine.created").get("subscription").get("id").asText();
        int[] errors = new int[Deliveries.MAX_ATTEMPTS];
        java.util.Arrays.fill(errors, 500);
        receiver.answer(errors);
        quarantine("dataset:customers@3");

        for (int i = 0; i < Deliveries.MAX_ATTEMPTS; i++) {
            app.webhooks().run();
            clock.advance(Deliveries.MAX_BACKOFF);
        }
        app.webhooks().run();

        JsonNode d = log(sub).get(0);
        assertThat(d.get("status").asText()).isEqualTo("failed");
        assertThat(d.get("attempts").asInt()).isEqualTo(Deliveries.MAX_ATTEMPTS);
        assertThat(d.get("nextAttemptAt").isNull()).isTrue();
        assertThat(receiver.received()).hasSize(Deliveries.MAX_ATTEMPTS);
    }

    @Test
    void redeliverySendsTheSameEventAgainAsANewDelivery() {
        String sub = subscribe("quarantine.created").get("subscription").get("id").asText();
        quarantine("dataset:customers@3");
        app.webhooks().run();
        String first = log(sub).get(0).get("id").asText();

        Api.Response r = admin.post(HOOKS + "/" + sub + "/deliveries/" + first + "/redeliver", Map.of());
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("redeliveryOf").asText()).isEqualTo(first);
        assertThat(r.json().get("status").asText()).isEqualTo("pending");
        app.webhooks().run();

        assertThat(receiver.received()).hasSize(2);
        Receiver.Received a = receiver.received().get(0);
        Receiver.Received b = receiver.received().get(1);
        assertThat(b.body()).isEqualTo(a.body());
        assertThat(b.header("Pedigree-Event-Id")).isEqualTo(a.header("Pedigree-Event-Id"));
        assertThat(b.header("Pedigree-Delivery")).isNotEqualTo(a.header("Pedigree-Delivery"));
        assertThat(log(sub)).extracting(d -> d.get("status").asText()).containsExactly("delivered", "delivered");
        assertThat(Audit.count("webhook.redeliver")).isEqualTo(1);
        assertProblem(admin.post(HOOKS + "/" + sub + "/deliveries/whd-nope/redeliver", Map.of()), 404, "delivery");
    }

    @Test
    void redirectsAreNotFollowed() {
        String sub = subscribe("quarantine.created").get("subscription").get("id").asText();
        receiver.answer(302).redirectTo(receiver.url("/elsewhere"));
        quarantine("dataset:customers@3");

        app.webhooks().run();

        assertThat(receiver.received()).extracting(Receiver.Received::path).containsExactly("/hook");
        JsonNode d = log(sub).get(0);
        assertThat(d.get("status").asText()).isEqualTo("retrying");
        assertThat(d.get("responseCode").asInt()).isEqualTo(302);
        assertThat(d.get("error").asText()).contains("/elsewhere").contains("not followed");
    }

    @Test
    void theAddressIsCheckedAgainAtDeliveryTime() {
        String sub = subscribe("quarantine.created").get("subscription").get("id").asText();
        quarantine("dataset:customers@3");
        // Another instance of the same graph whose allow-list no longer names loopback.
        Webhooks strict = new Webhooks(app.database(), new AuditLog(app.database(), clock), app.quarantines(),
                app.lineage(), new Limits(128, 16384, 100_000, 50, 10_000, 2000), OutboundPolicy.of(List.of()),
                clock, "test");

        assertThat(strict.run().attempts()).isEqualTo(1);

        assertThat(receiver.received()).isEmpty();
        JsonNode d = log(sub).get(0);
        assertThat(d.get("status").asText()).isEqualTo("retrying");
        assertThat(d.get("responseCode").isNull()).isTrue();
        assertThat(d.get("error").asText()).startsWith("refused: 127.0.0.1, a loopback address");
    }

    @Test
    void instancesRunningTogetherSendEachEventOnce() throws Exception {
        String sub = subscribe("*").get("subscription").get("id").asText();
        quarantine("dataset:customers@3");
        quarantine("dataset:customers@4");
        List<Webhooks> instances = new java.util.ArrayList<>(List.of(app.webhooks()));
        for (int i = 0; i < 3; i++) {
            instances.add(new Webhooks(app.database(), new AuditLog(app.database(), clock), app.quarantines(),
                    app.lineage(), new Limits(128, 16384, 100_000, 50, 10_000, 2000),
                    OutboundPolicy.of(List.of("127.0.0.1/32")), clock, "test"));
        }
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Webhooks.Round>> rounds = new java.util.ArrayList<>();
            for (Webhooks w : instances) {
                rounds.add(pool.submit(() -> {
                    go.await();
                    return w.run();
                }));
            }
            go.countDown();
            for (var r : rounds) {
                r.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(receiver.received()).hasSize(2);
        assertThat(receiver.received()).extracting(r -> r.header("Pedigree-Event-Id")).doesNotHaveDuplicates();
        assertThat(log(sub)).hasSize(2).allSatisfy(d -> assertThat(d.get("attempts").asInt()).isEqualTo(1));
    }

    @Test
    void subscriptionsRefuseWhatTheyMayNotReach() {
        assertProblem(admin.post(HOOKS, Map.of("url", "http://169.254.169.254/latest/meta-data/",
                "events", List.of("*"))), 400, "url");
        assertProblem(admin.post(HOOKS, Map.of("url", "http://10.0.0.1/hook", "events", List.of("*"))), 400, "url");
        assertProblem(admin.post(HOOKS, Map.of("url", "http://[::ffff:127.0.0.2]/hook", "events", List.of("*"))),
                400, "url");
        assertProblem(admin.post(HOOKS, Map.of("url", "file:///etc/passwd", "events", List.of("*"))), 400, "url");
        assertProblem(admin.post(HOOKS, Map.of("url", receiver.url("/hook"), "events", List.of("model.deleted"))),
                400, "events[0]");
        assertProblem(admin.post(HOOKS, Map.of("url", receiver.url("/hook"), "events", List.of())), 400, "events");
        assertProblem(ana.post(HOOKS, Map.of("url", receiver.url("/hook"), "events", List.of("*"))), 403);
        assertThat(ok(admin.get(HOOKS))).isEmpty();
    }

    @Test
    void theSecretIsShownOnceAndTheSubscriptionIsAudited() {
        JsonNode created = subscribe("incident.opened");
        String id = created.get("subscription").get("id").asText();
        assertThat(created.get("secret").asText()).startsWith("whsec_");

        JsonNode listed = ok(admin.get(HOOKS));
        assertThat(listed).hasSize(1);
        assertThat(listed.toString()).doesNotContain(created.get("secret").asText());
        assertThat(ok(admin.get(HOOKS + "/" + id)).toString()).doesNotContain(created.get("secret").asText());
        assertThat(Audit.events("webhook.create")).singleElement().satisfies(e ->
                assertThat(e.toString()).doesNotContain(created.get("secret").asText()));
    }

    @Test
    void onlyEventsAfterTheSubscriptionAreSentAndDeletingItCancelsWhatIsPending() {
        quarantine("dataset:customers@3");
        String sub = subscribe("quarantine.created", "quarantine.released").get("subscription").get("id").asText();
        app.webhooks().run();
        assertThat(receiver.received()).as("made before the subscription").isEmpty();

        receiver.answer(500);
        quarantine("dataset:customers@4");
        app.webhooks().run();
        assertThat(log(sub)).extracting(d -> d.get("status").asText()).containsExactly("retrying");

        ok(admin.delete(HOOKS + "/" + sub));
        clock.advance(Duration.ofHours(1));
        app.webhooks().run();

        assertThat(receiver.received()).as("only the first, failed attempt").hasSize(1);
        assertThat(log(sub)).extracting(d -> d.get("status").asText()).containsExactly("cancelled");
        assertThat(ok(admin.get(HOOKS))).isEmpty();
        assertThat(ok(admin.get(HOOKS + "?all=true"))).hasSize(1);
        assertProblem(admin.post(HOOKS + "/" + sub + "/deliveries/" + log(sub).get(0).get("id").asText()
                + "/redeliver", Map.of()), 409);
    }

    @Test
    void aRefusedPromotionIsAuditedAndNotifiedAsAGateRefusal() throws Exception {
        subscribe("version.gate_refused", "version.stage_changed");
        quarantine("dataset:customers@3");

        assertProblem(reg.transition(ana, M, 1, "production", Map.of("replaces", 2)), 409);
        app.webhooks().run();

        assertThat(Audit.count("version.refuse")).isEqualTo(1);
        assertThat(receiver.received()).singleElement().satisfies(r -> {
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("type").asText()).isEqualTo("version.gate_refused");
            assertThat(body.get("subject").asText()).isEqualTo("model:assistant@1");
            assertThat(body.get("details").get("to").asText()).isEqualTo("production");
            assertThat(body.get("details").get("unmetGates").toString()).contains("quarantine");
        });
    }

    @Test
    void onlyTheSubscribedEventTypesAreSent() throws Exception {
        subscribe("incident.opened");
        quarantine("dataset:customers@3");
        ok(ana.post("/api/v1/deployments/assistant-prod/incidents", Map.of("severity", "high",
                "title", "p95 above 400 ms")));

        app.webhooks().run();

        assertThat(receiver.received()).singleElement().satisfies(r -> {
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("type").asText()).isEqualTo("incident.opened");
            assertThat(body.get("action").asText()).isEqualTo("incident.open");
        });
    }

    @Test
    void anAlertRaisedByProductionMeasurementsIsDeliveredAsAlertRaised() throws Exception {
        subscribe("alert.raised");
        ok(admin.put("/api/v1/models/" + M + "/policy", Map.of("production", Map.of("approvals", 0),
                "monitoring", Map.of("thresholds", List.of(Map.of("metric", "error_rate", "op", ">", "value", 0.02,
                        "duration", "PT5M"))), "reason", "production thresholds")));
        Instant from = clock.instant().plus(Duration.ofMinutes(1));
        clock.advance(Duration.ofHours(1));
        List<Map<String, Object>> minutes = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            minutes.add(Map.of("deployment", "assistant-prod", "metric", "error_rate", "value", 0.05, "unit", "1",
                    "start", from.plus(Duration.ofMinutes(i)).toString(),
                    "end", from.plus(Duration.ofMinutes(i + 1)).toString()));
        }
        ok(ana.post("/api/v1/measurements", Map.of("measurements", minutes)));
        String alert = ok(ana.get("/api/v1/alerts")).get(0).get("key").asText();

        app.webhooks().run();

        assertThat(receiver.received()).singleElement().satisfies(r -> {
            assertThat(r.header("Pedigree-Event")).isEqualTo("alert.raised");
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("action").asText()).isEqualTo("alert.raise");
            assertThat(body.get("subject").asText()).isEqualTo(alert);
        });
    }

    @Test
    void erasingAPersonAlsoErasesThemFromTheBodiesKeptInTheDeliveryLog() {
        String sub = subscribe("quarantine.created").get("subscription").get("id").asText();
        quarantine("dataset:customers@4");
        app.webhooks().run();
        assertThat(log(sub).get(0).get("payload").toString()).contains("person:ana");

        ok(admin.post("/api/v1/admin/erasures", Map.of("key", "person:ana", "reason", "erasure request")));

        JsonNode payload = log(sub).get(0).get("payload");
        assertThat(payload.toString()).doesNotContain("person:ana").contains("person:erased-");
        assertThat(payload.get("impact").get("productionDeployments").toString()).contains("person:bo");
    }

    private static String hmac(String secret, String text) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "v1=" + java.util.HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
