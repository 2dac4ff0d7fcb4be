package io.pedigree.fields;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.MutableClock;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pedigree.fields.FieldChain.FEAT;
import static io.pedigree.fields.FieldChain.M;
import static io.pedigree.fields.FieldChain.MERCH;
import static io.pedigree.fields.FieldChain.RAW;
import static io.pedigree.fields.FieldChain.STG;
import static io.pedigree.fields.FieldChain.derive;
import static io.pedigree.fields.FieldChain.in;
import static io.pedigree.testing.ProblemAssert.assertProblem;
import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** Field upstream and impact over a dbt-style chain declared through the batch API, with time travel. */
class FieldLineageIT extends PedigreeIT {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-10-01T08:00:00Z"));
    private Api ana;
    private Registry reg;

    @Override
    protected Clock clock() {
        return clock;
    }

    @BeforeEach
    void chain() {
        ana = admin.withNewToken("ana", "writer");
        reg = new Registry(ana);
        FieldChain.declare(ana);
        reg.promote(ana, M, 1, "staging", Map.of());
        reg.promote(ana, M, 1, "production", Map.of("deployments", List.of("fraud-prod")));
        ok(reg.serve("fraud-shadow", "model:fraud@2"));
        clock.advance(Duration.ofHours(1));
    }

    private static String q(String dataset, String field) {
        return "dataset=" + Api.q(dataset) + "&field=" + Api.q(field);
    }

    private static List<String> keys(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.get("key").asText()));
        return out;
    }

    @Test
    void upstreamOfAFeatureReachesTheRawColumnThroughStagingWithTheTransformationOnEachEdge() {
        JsonNode up = ok(ana.get("/api/v1/fields/upstream?" + q(FEAT, "txn_velocity_7d")));

        assertThat(up.get("fields").findValuesAsText("key")).containsExactly(STG + "#card_hash",
                RAW + "#card_number", RAW + "#event_time");
        JsonNode hashed = null;
        for (JsonNode e : up.get("edges")) {
            if (e.get("from").asText().equals(STG + "#card_hash") && e.get("to").asText().equals(RAW + "#card_number")) {
                hashed = e;
            }
        }
        assertThat(hashed).isNotNull();
        assertThat(hashed.get("type").asText()).isEqualTo("DIRECT");
        assertThat(hashed.get("subtype").asText()).isEqualTo("TRANSFORMATION");
        assertThat(hashed.get("masking").asBoolean()).isTrue();
        assertThat(hashed.get("description").asText()).isEqualTo("sha256(card_number)");
        assertThat(up.get("edges").toString()).as("the staging filter applies to every staging field")
                .contains("\"from\":\"" + STG + "\",\"fromDataset\":\"" + STG + "\",\"fromField\":null,\"to\":\""
                        + RAW + "#event_time\"");
    }

    @Test
    void theDirectViewLeavesOutIndirectDerivationsAndDatasetWideDependencies() {
        JsonNode direct = ok(ana.get("/api/v1/fields/upstream?view=direct&" + q(FEAT, "avg_amount_30d")));
        JsonNode all = ok(ana.get("/api/v1/fields/upstream?" + q(FEAT, "avg_amount_30d")));

        assertThat(keys(direct.get("fields"))).containsExactly(STG + "#amount", RAW + "#amount");
        assertThat(keys(all.get("fields"))).contains(STG + "#card_hash", RAW + "#card_number", RAW + "#event_time");
    }

    @Test
    void impactOfARawColumnListsDeploymentsProductionFirstThenVersionsThenDerivedFields() {
        JsonNode impact = ok(ana.get("/api/v1/fields/impact?" + q(RAW, "card_number")));

        assertThat(impact.get("deployments").findValuesAsText("deployment"))
                .containsExactly("deployment:fraud-prod", "deployment:fraud-shadow");
        assertThat(impact.get("deployments").get(0).get("owners").toString()).contains("person:ana");
        assertThat(impact.get("deployments").get(0).get("serves").toString()).contains("model:fraud@1");
        assertThat(impact.get("models").findValuesAsText("version")).containsExactly("model:fraud@1",
                "model:fraud@2");
        assertThat(impact.get("models").get(0).get("via").toString()).contains(FEAT + "#txn_velocity_7d");
        assertThat(keys(impact.get("fields"))).contains(STG + "#card_hash", FEAT + "#txn_velocity_7d",
                FEAT + "#avg_amount_30d");
    }

    @Test
    void theDirectImpactOfACardNumberSkipsTheVersionThatOnlyGroupsByIt() {
        JsonNode impact = ok(ana.get("/api/v1/fields/impact?view=direct&" + q(RAW, "card_number")));

        assertThat(impact.get("models").findValuesAsText("version")).containsExactly("model:fraud@1");
        assertThat(impact.get("deployments").findValuesAsText("deployment"))
                .containsExactly("deployment:fraud-prod");
    }

    @Test
    void aDatasetWideFilterMakesEveryFieldOfTheDatasetAndItsConsumersDependOnTheFilteredColumn() {
        JsonNode all = ok(ana.get("/api/v1/fields/impact?" + q(RAW, "event_time")));
        JsonNode direct = ok(ana.get("/api/v1/fields/impact?view=direct&" + q(RAW, "event_time")));

        assertThat(keys(all.get("fields"))).contains(STG + "#card_hash", STG + "#amount", STG + "#merchant_id",
                FEAT + "#txn_velocity_7d");
        assertThat(all.get("models").findValuesAsText("version")).contains("model:fraud@1", "model:fraud@2");
        assertThat(direct.get("fields")).isEmpty();
        assertThat(direct.get("models")).isEmpty();
    }

    @Test
    void redeclaringADerivationEndsTheOldInputsAndAnEarlierAsOfStillSeesThem() {
        Instant before = clock.instant();
        clock.advance(Duration.ofHours(1));
        ok(ana.post("/api/v1/fields", Map.of("derivations", List.of(derive(FEAT, "txn_velocity_7d",
                in(MERCH, "merchant_id", "DIRECT", "AGGREGATION"))))));

        JsonNode now = ok(ana.get("/api/v1/fields/upstream?" + q(FEAT, "txn_velocity_7d")));
        JsonNode then = ok(ana.get("/api/v1/fields/upstream?asOf=" + before + "&" + q(FEAT, "txn_velocity_7d")));

        assertThat(keys(now.get("fields"))).containsExactly(MERCH + "#merchant_id");
        assertThat(keys(then.get("fields"))).contains(STG + "#card_hash", RAW + "#card_number");
        assertThat(ok(ana.get("/api/v1/fields/impact?" + q(RAW, "card_number"))).get("models")
                .findValuesAsText("version")).containsExactly("model:fraud@2");
    }

    @Test
    void sendingTheSameDerivationsAgainChangesNothing() {
        JsonNode again = ok(ana.post("/api/v1/fields", Map.of("derivations", List.of(derive(STG, "amount",
                in(RAW, "amount", "DIRECT", "IDENTITY"))))));

        assertThat(again.get("derivationsCreated").asInt()).isZero();
        assertThat(again.get("derivationsEnded").asInt()).isZero();
    }

    @Test
    void theImpactComesAsCsvWithDeploymentsFirst() {
        Api.Response r = ana.get("/api/v1/fields/impact?format=csv&" + q(RAW, "card_number"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/csv");
        String[] lines = r.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("kind,key,depth,environment,serves,owners,via");
        assertThat(lines[1]).startsWith("deployment,deployment:fraud-prod,,production,model:fraud@1,person:ana");
        assertThat(r.body()).contains("model,model:fraud@1,", "field," + STG + "#card_hash,1");
    }

    @Test
    void aDatasetVersionListsItsFieldsInSchemaOrderAndTheFamilyListsAllItsFields() {
        JsonNode version = ok(ana.get("/api/v1/fields?dataset=" + Api.q(RAW + "@1")));
        JsonNode family = ok(ana.get("/api/v1/fields?dataset=" + Api.q(RAW)));

        assertThat(version.get("fields").findValuesAsText("field")).containsExactly("card_number", "amount",
                "merchant_id", "event_time");
        assertThat(version.get("fields").get(0).get("type").asText()).isEqualTo("string");
        assertThat(family.get("fields").findValuesAsText("field")).containsExactlyInAnyOrder("card_number", "amount",
                "merchant_id", "event_time");
    }

    @Test
    void theNodeCapTruncatesTheAnswer() {
        JsonNode up = ok(ana.get("/api/v1/fields/upstream?maxNodes=2&" + q(FEAT, "txn_velocity_7d")));

        assertThat(up.get("truncated").asBoolean()).isTrue();
        assertThat(up.get("fields")).hasSize(1);
    }

    @Test
    void unknownFieldsAndVersionsAreRefusedNamingTheFieldAtFault() {
        assertProblem(ana.get("/api/v1/fields/impact?" + q(RAW, "nope")), 404, "field");
        assertProblem(ana.post("/api/v1/fields", Map.of("features", List.of(Map.of("version", "model:fraud@1",
                "fields", List.of(FieldChain.ref(FEAT, "txn_velocity_7dd")))))), 400, "features[0].fields[0]");
        assertProblem(ana.post("/api/v1/fields", Map.of("datasets", List.of(Map.of("version", RAW + "@9",
                "fields", List.of(FieldChain.field("a", "int")))))), 400, "datasets[0].version");
        assertProblem(ana.post("/api/v1/fields", Map.of("derivations", List.of(Map.of("dataset", STG, "field", "x",
                "inputs", List.of(Map.of("dataset", RAW, "field", "amount", "transformations",
                        List.of(Map.of("type", "SIDEWAYS")))))))), 400,
                "derivations[0].inputs[0].transformations[0].type");
        assertProblem(reg.register(M, Map.of("run", "run:train-fraud@r3", "inputs", List.of(FEAT + "@1"),
                "features", List.of(FieldChain.ref(FEAT, "missing")))), 400, "features[0]");
    }

    @Test
    void aVersionsFieldsAreItsContentAnotherSchemaForItIsAConflict() {
        assertProblem(ana.post("/api/v1/fields", Map.of("datasets", List.of(Map.of("version", RAW + "@1",
                "fields", List.of(FieldChain.field("card_number", "bigint")))))), 409);
    }
}
