package io.pedigree.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static io.pedigree.artifacts.ArtifactHttp.bytes;
import static io.pedigree.artifacts.ArtifactHttp.fetch;
import static io.pedigree.artifacts.ArtifactHttp.header;
import static io.pedigree.artifacts.ArtifactHttp.uploaded;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What someone with write access to the artifact directory (or a failing disk) can make the store do: a blob file
 * swapped for a symbolic link is never followed, a blob directory swapped for one is never entered, and a blob of
 * the wrong size is refused before the first byte. Each answers 404 problem+json (the store holds no usable content
 * under that name) and is listed by verification.
 */
class DamagedContentIT extends PedigreeIT {

    private final Path sandbox = TestApp.tempDir("pedigree-artifacts-damaged");
    private final Path store = sandbox.resolve("store");
    private final Path secret = sandbox.resolve("secret.txt");
    private final String secretText = "TOP-SECRET-" + UUID.randomUUID() + "-".repeat(4000);

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = TestApp.settings();
        s.put("PEDIGREE_ARTIFACT_DIR", store.toString());
        return s;
    }

    @BeforeEach
    void sandboxWithASecret() throws IOException {
        Files.writeString(secret, secretText);
        ArtifactApiIT.clear(store);
    }

    private Path blob(String sha) {
        return store.resolve("sha256").resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
    }

    /** Full GET, Range GET and HEAD all refuse with 404 problem+json, and no byte of the secret leaves. */
    private void assertNotServed(String sha) {
        String path = "/api/v1/artifacts/" + sha;
        for (String[] headers : new String[][] {{}, {"Range", "bytes=0-99"}, {"Range", "bytes=-10"}}) {
            HttpResponse<byte[]> r = fetch(admin, "GET", path, headers);
            String body = new String(r.body(), StandardCharsets.UTF_8);
            assertThat(r.statusCode()).as("GET %s", String.join(" ", headers)).isEqualTo(404);
            assertThat(header(r, "Content-Type")).startsWith("application/problem+json");
            assertThat(body).doesNotContain("TOP-SECRET").contains(sha);
        }
        HttpResponse<byte[]> head = fetch(admin, "HEAD", path);
        assertThat(head.statusCode()).as("HEAD").isEqualTo(404);
    }

    private JsonNode verifyAll() {
        return admin.post("/api/v1/admin/artifacts/verify", Map.of()).json();
    }

    @Test
    void aBlobReplacedBySymbolicLinkIsNeverFollowed() throws IOException {
        String sha = uploaded(admin, bytes(2000, 1), "").get("sha256").asText();
        Files.delete(blob(sha));
        Files.createSymbolicLink(blob(sha), secret);

        assertNotServed(sha);
        assertThat(admin.get("/api/v1/artifacts/" + sha + "/verify").json().get("result").asText())
                .isEqualTo("unsafe");
        JsonNode all = verifyAll();
        assertThat(all.get("ok").asBoolean()).isFalse();
        assertThat(all.get("problems").toString()).contains(sha, "unsafe");
        assertThat(Files.readString(secret)).isEqualTo(secretText);
    }

    @Test
    void aBlobDirectoryReplacedBySymbolicLinkIsNeverEntered() throws IOException {
        byte[] content = bytes(2000, 2);
        String sha = uploaded(admin, content, "").get("sha256").asText();
        // Elsewhere, a directory laid out like the store, whose blob holds the secret.
        Path elsewhere = Files.createDirectories(sandbox.resolve("elsewhere").resolve(sha.substring(2, 4)));
        Files.writeString(elsewhere.resolve(sha), secretText);
        Path level1 = blob(sha).getParent().getParent();
        ArtifactApiIT.clear(store);
        Files.createSymbolicLink(level1, elsewhere.getParent());

        assertNotServed(sha);
        JsonNode all = verifyAll();
        assertThat(all.get("problems").toString()).contains(sha, "unsafe");
    }

    @Test
    void aBlobOfTheWrongSizeIsRefusedBeforeTheFirstByteAndReported() throws IOException {
        String truncated = uploaded(admin, bytes(3000, 3), "").get("sha256").asText();
        String extended = uploaded(admin, bytes(3000, 4), "").get("sha256").asText();
        String intact = uploaded(admin, bytes(3000, 5), "").get("sha256").asText();
        try (RandomAccessFile f = new RandomAccessFile(blob(truncated).toFile(), "rw")) {
            f.setLength(1000);
        }
        Files.write(blob(extended), secretText.getBytes(StandardCharsets.UTF_8),
                java.nio.file.StandardOpenOption.APPEND);

        assertNotServed(truncated);
        assertNotServed(extended);
        assertThat(fetch(admin, "GET", "/api/v1/artifacts/" + intact).statusCode()).isEqualTo(200);
        JsonNode all = verifyAll();
        assertThat(all.get("problems").toString()).contains(truncated, extended).doesNotContain(intact);
        assertThat(admin.get("/api/v1/artifacts/" + truncated + "/verify").json().get("result").asText())
                .isEqualTo("corrupt");
    }
}
