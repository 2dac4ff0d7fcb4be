package io.pedigree.api;

import io.pedigree.testing.Api;
import io.pedigree.testing.Lineage;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Lineage, impact, path and field answers are written as bytes straight from Jackson: still JSON, still UTF-8. */
class JsonAnswersIT extends PedigreeIT {

    private static final String DATA = "dataset:données-clients-é🙂@v1";

    @Test
    void lineageImpactAndPathAnswerUtf8JsonWithTheJsonContentType() {
        Lineage.of().node(DATA, "run:entraînement@r1", "model:modèle@1")
                .rel("run:entraînement@r1", "USED", DATA)
                .rel("model:modèle@1", "WAS_GENERATED_BY", "run:entraînement@r1")
                .writeWith(admin);
        for (String path : new String[] {
                "/api/v1/lineage?direction=upstream&key=" + Api.q("model:modèle@1"),
                "/api/v1/impact?key=" + Api.q(DATA),
                "/api/v1/path?from=" + Api.q("model:modèle@1") + "&to=" + Api.q(DATA)}) {
            Api.Response r = admin.get(path);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.contentType()).as(path).isEqualTo("application/json");
            assertThat(r.json().toString()).as(path).contains(DATA, "modèle");
        }
    }

    @Test
    void fieldUpstreamAndImpactAnswerUtf8JsonWithTheJsonContentType() {
        String family = DATA.substring(0, DATA.indexOf('@'));
        Lineage.of().node(DATA).writeWith(admin);
        assertThat(admin.post("/api/v1/fields", Map.of("datasets", List.of(
                Map.of("version", DATA, "fields", List.of(Map.of("name", "montant"), Map.of("name", "somme_é")))),
                "derivations", List.of(Map.of("dataset", family, "field", "somme_é", "inputs", List.of(
                        Map.of("dataset", family, "field", "montant",
                                "transformations", List.of(Map.of("type", "DIRECT"))))))))
                .status()).isBetween(200, 201);
        for (String path : new String[] {
                "/api/v1/fields/upstream?dataset=" + Api.q(family) + "&field=" + Api.q("somme_é"),
                "/api/v1/fields/impact?dataset=" + Api.q(family) + "&field=montant"}) {
            Api.Response r = admin.get(path);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.contentType()).as(path).isEqualTo("application/json");
            assertThat(r.json().toString()).as(path).contains(family, "somme_é", "montant");
        }
    }
}
