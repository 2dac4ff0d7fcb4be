package io.pedigree.api;

import io.pedigree.testing.Api;
import io.pedigree.testing.Lineage;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Lineage, impact and path answers are written as bytes straight from Jackson: still JSON, still UTF-8. */
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
}
