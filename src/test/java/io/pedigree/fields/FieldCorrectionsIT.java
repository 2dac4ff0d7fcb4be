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
import java.util.List;
import java.util.Map;

import static io.pedigree.fields.FieldChain.field;
import static io.pedigree.fields.FieldChain.in;
import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dataset's fields as of an instant, and corrections that reach fields: a retracted dataset takes its fields
 * and derivations out of answers as of after the retraction (earlier answers keep them), and erasing a person
 * leaves their address nowhere in field-level lineage.
 */
class FieldCorrectionsIT extends PedigreeIT {

    private static final String RAW = "dataset:crm.customers";
    private static final String STG = "dataset:stg_customers";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-10-01T08:00:00Z"));
    private Api writer;
    /** Between the declaration and the retraction (the class's clock moves on from test to test). */
    private String before;

    @Override
    protected Clock clock() {
        return clock;
    }

    @BeforeEach
    void chain() {
        before = clock.instant().plus(Duration.ofMinutes(30)).toString();
        writer = admin.withNewToken("etl", "writer");
        new Registry(writer).lineage(RAW + "@1", STG + "@1", "person:ana@acme.com");
        ok(writer.post("/api/v1/fields", Map.of(
                "datasets", List.of(
                        Map.of("version", RAW + "@1", "fields", List.of(field("email", "string"),
                                Map.of("name", "segment", "type", "string",
                                        "description", "set by ana@acme.com by hand"))),
                        Map.of("version", STG + "@1", "fields", List.of(field("email_hash", "string"),
                                field("segment", "string")))),
                "derivations", List.of(
                        Map.of("dataset", STG, "field", "email_hash", "inputs", List.of(Map.of("dataset", RAW,
                                "field", "email", "transformations", List.of(Map.of("type", "DIRECT",
                                        "subtype", "TRANSFORMATION", "description", "sha256, asked by ana@acme.com",
                                        "masking", true))))),
                        Map.of("dataset", STG, "field", "segment", "inputs",
                                List.of(in(RAW, "segment", "DIRECT", "IDENTITY")))))));
        clock.advance(Duration.ofHours(1));
    }

    private JsonNode get(String path) {
        return ok(admin.get(path));
    }

    private static String q(String dataset, String field) {
        return "dataset=" + Api.q(dataset) + "&field=" + Api.q(field);
    }

    @Test
    void aDatasetsFieldsAnswerAsOfAnInstant() {
        JsonNode early = get("/api/v1/fields?asOf=2026-10-01T07:00:00Z&dataset=" + Api.q(RAW + "@1"));
        JsonNode now = get("/api/v1/fields?dataset=" + Api.q(RAW + "@1"));
        JsonNode familyBefore = get("/api/v1/fields?asOf=2026-10-01T07:00:00Z&dataset=" + Api.q(RAW));

        assertThat(early.get("fields")).as("not declared yet").isEmpty();
        assertThat(early.get("asOf").asText()).isEqualTo("2026-10-01T07:00:00Z");
        assertThat(now.get("fields").findValuesAsText("field")).containsExactly("email", "segment");
        assertThat(familyBefore.get("fields")).isEmpty();
    }

    @Test
    void aRetractedDatasetsFieldsAndDerivationsLeaveLaterAnswersButNotEarlierOnes() {
        ok(admin.post("/api/v1/retractions", Map.of("key", RAW, "reason", "wrong source system")));
        clock.advance(Duration.ofMinutes(1));

        assertThat(get("/api/v1/fields/upstream?" + q(STG, "email_hash")).get("fields")).isEmpty();
        assertThat(get("/api/v1/fields/upstream?asOf=" + before + "&" + q(STG, "email_hash")).get("fields")
                .findValuesAsText("key")).containsExactly(RAW + "#email");
        assertThat(admin.get("/api/v1/fields/impact?" + q(RAW, "email")).status()).isEqualTo(404);
        assertThat(get("/api/v1/fields/impact?asOf=" + before + "&" + q(RAW, "email")).get("fields")
                .findValuesAsText("key")).containsExactly(STG + "#email_hash");
        assertThat(get("/api/v1/fields?dataset=" + Api.q(RAW)).get("fields")).isEmpty();
        assertThat(get("/api/v1/fields?dataset=" + Api.q(RAW + "@1")).get("fields")).isEmpty();
        assertThat(get("/api/v1/fields?asOf=" + before + "&dataset=" + Api.q(RAW)).get("fields")).hasSize(2);
    }

    @Test
    void aRetractedDatasetVersionListsNoFieldsAfterTheRetraction() {
        ok(admin.post("/api/v1/retractions", Map.of("key", STG + "@1", "reason", "loaded twice")));
        clock.advance(Duration.ofMinutes(1));

        assertThat(get("/api/v1/fields?dataset=" + Api.q(STG + "@1")).get("fields")).isEmpty();
        JsonNode then = get("/api/v1/fields?asOf=" + before + "&dataset=" + Api.q(STG + "@1"));
        assertThat(then.get("fields")).hasSize(2);
    }

    @Test
    void erasingAPersonLeavesTheirAddressInNoFieldDescriptionOrDerivation() {
        ok(admin.post("/api/v1/admin/erasures", Map.of("key", "person:ana@acme.com", "reason", "GDPR-42")));

        String fields = get("/api/v1/fields?dataset=" + Api.q(RAW + "@1")).toString();
        String up = get("/api/v1/fields/upstream?" + q(STG, "email_hash")).toString();

        assertThat(fields).contains("segment").doesNotContain("ana@acme.com");
        assertThat(up).contains("sha256").doesNotContain("ana@acme.com");
    }
}
