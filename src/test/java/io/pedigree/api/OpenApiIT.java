package io.pedigree.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiIT extends PedigreeIT {

    @Test
    void theOpenApiDocumentDescribesExactlyTheApiRoutesTheServerAnswers() {
        Api.Response r = new Api("http://127.0.0.1:" + app.port(), null).get("/api/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        JsonNode doc = r.json();
        assertThat(doc.get("openapi").asText()).startsWith("3.");

        List<String> documented = new ArrayList<>();
        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(
                method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + p.getKey())));
        List<String> served = app.routes().stream().filter(route -> route.contains(" /api/")).toList();

        assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
    }

    @Test
    void everyProtectedOperationNamesItsRoleAndEveryReferencedSchemaExists() {
        JsonNode doc = new Api("http://127.0.0.1:" + app.port(), null).get("/api/openapi.json").json();
        String text = doc.toString();
        var schemas = doc.get("components").get("schemas");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("#/components/schemas/(\\w+)").matcher(text);
        while (m.find()) {
            assertThat(schemas.has(m.group(1))).as("schema " + m.group(1)).isTrue();
        }
        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(op -> {
            boolean open = op.getValue().has("security") && op.getValue().get("security").isEmpty();
            assertThat(open || op.getValue().has("x-required-role")).as(op.getKey() + " " + p.getKey()).isTrue();
        }));
    }
}
