package io.pedigree.artifacts;

import io.pedigree.testing.Api;
import io.pedigree.testing.Lineage;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.pedigree.artifacts.ArtifactHttp.bytes;
import static io.pedigree.artifacts.ArtifactHttp.download;
import static io.pedigree.artifacts.ArtifactHttp.fetch;
import static io.pedigree.artifacts.ArtifactHttp.header;
import static io.pedigree.artifacts.ArtifactHttp.raw;
import static io.pedigree.artifacts.ArtifactHttp.sha;
import static io.pedigree.artifacts.ArtifactHttp.upload;
import static io.pedigree.artifacts.ArtifactHttp.uploaded;
import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what with artifacts, and what no parameter can do: reach outside the store (MLflow's worst bugs,
 * CVE-2023-1177, CVE-2023-2780, CVE-2024-1560), or have a browser render or run stored content. The store lives in
 * a sandbox beside a secret file; after the attempts the sandbox holds nothing but blobs and the untouched secret.
 */
class ArtifactSecurityIT extends PedigreeIT {

    private static final String DATASET = "dataset:fraud-train@1";
    private final Path sandbox = TestApp.tempDir("pedigree-artifacts-sandbox");
    private final Path store = sandbox.resolve("store");
    private final Path secret = sandbox.resolve("secret.txt");
    private final String secretText = "TOP-SECRET-" + UUID.randomUUID();

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

    @Test
    void readersDownloadWritersUploadAndOnlyAdminsDeleteVerifyAllOrCollect() {
        Lineage.of().node(DATASET).writeWith(admin);
        String sha = uploaded(admin, bytes(100, 50), "").get("sha256").asText();
        Api anonymous = admin.as(null);
        Api reader = admin.withNewToken("dashboard", "reader");
        Api writer = admin.withNewToken("ci-bot", "writer");
        String a = "/api/v1/artifacts/" + sha;
        List<String> reads = List.of(a, a + "/info", a + "/verify", "/api/v1/artifacts?key=" + Api.q(DATASET));

        for (String path : reads) {
            assertProblem(anonymous.get(path), 401);
            assertThat(reader.get(path).status()).as(path).isEqualTo(200);
        }
        assertThat(fetch(anonymous, "HEAD", a).statusCode()).isEqualTo(401);
        assertThat(fetch(reader, "HEAD", a).statusCode()).isEqualTo(200);
        assertProblem(upload(anonymous, bytes(10, 51)), 401);
        assertProblem(upload(reader, bytes(10, 51)), 403);
        assertThat(upload(writer, bytes(10, 51)).status()).isEqualTo(201);
        Map<String, String> attach = Map.of("key", DATASET, "role", "config");
        assertProblem(anonymous.post(a + "/attachments", attach), 401);
        assertProblem(reader.post(a + "/attachments", attach), 403);
        assertThat(writer.post(a + "/attachments", attach).status()).isEqualTo(200);
        for (Api notAdmin : List.of(reader, writer)) {
            assertProblem(notAdmin.delete(a + "?reason=x"), 403);
            assertProblem(notAdmin.post("/api/v1/admin/artifacts/verify", Map.of()), 403);
            assertProblem(notAdmin.post("/api/v1/admin/artifacts/gc", Map.of("dryRun", false,
                    "olderThanMinutes", 0)), 403);
        }
        assertProblem(anonymous.delete(a + "?reason=x"), 401);
        assertProblem(anonymous.post("/api/v1/admin/artifacts/gc", Map.of()), 401);
        assertThat(ArtifactApiIT.blobFiles(store)).hasSize(2);
        assertThat(download(reader, sha).statusCode()).isEqualTo(200);
    }

    @Test
    void noPathParameterReachesOutsideTheStore() {
        String hex = sha(bytes(10, 52));
        List<String> attempts = List.of("..%2f..%2fsecret.txt", "..%2Fsecret.txt", "%2e%2e%2f%2e%2e%2fsecret.txt",
                "%252e%252e%252fsecret.txt", "..%5c..%5csecret.txt", "..%255c..%255csecret.txt",
                "%2f" + Api.q(secret.toString().substring(1)), Api.q(secret.toString()), hex + "%00",
                hex + "%00.txt", "%c0%ae%c0%ae%c0%afsecret.txt", "%e0%80%ae%e0%80%ae%2fsecret.txt", "..",
                "..;", "sha256%2f..%2f..%2fsecret.txt", hex.substring(0, 62) + "%2f..", hex.toUpperCase() + "..");
        List<String> answers = new ArrayList<>();
        for (String x : attempts) {
            for (String path : List.of(x, x + "/info", x + "/verify")) {
                HttpResponse<byte[]> r = fetch(admin, "GET", "/api/v1/artifacts/" + path);
                assertThat(r.statusCode()).as("GET %s", path).isBetween(400, 404);
                answers.add(new String(r.body(), StandardCharsets.UTF_8));
            }
            assertThat(fetch(admin, "DELETE", "/api/v1/artifacts/" + x + "?reason=x").statusCode()).as(x)
                    .isBetween(400, 405);
            assertThat(fetch(admin, "HEAD", "/api/v1/artifacts/" + x).statusCode()).as(x).isBetween(400, 404);
        }
        for (String literal : List.of("../../secret.txt", "..\\..\\secret.txt", "%2e%2e/%2e%2e/secret.txt")) {
            String answer = raw(app.port(), "GET /api/v1/artifacts/" + literal + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + TestApp.ADMIN_TOKEN + "\r\nConnection: close", new byte[0]);
            assertThat(answer).as(literal).startsWith("HTTP/1.1 4");
            answers.add(answer);
        }

        assertThat(answers).noneMatch(body -> body.contains(secretText));
        assertSandboxHoldsOnlyBlobsAndTheSecret();
    }

    @Test
    void noQueryParameterOrFileNameReachesOutsideTheStore() {
        Lineage.of().node(DATASET).writeWith(admin);
        byte[] content = bytes(500, 53);
        String sha = uploaded(admin, content, "").get("sha256").asText();
        List<String> traversals = List.of("../../secret.txt", "..\\..\\secret.txt", "/etc/passwd",
                secret.toString(), "C:\\secret.txt", "..", "secret.txt\u0000.png", "a\r\nSet-Cookie: x=1");

        for (String t : traversals) {
            String q = Api.q(t);
            assertProblem(upload(admin, content, "?sha256=" + q, null), 400, "sha256");
            assertProblem(upload(admin, content, "?key=" + Api.q(DATASET) + "&role=config&fileName=" + q, null),
                    400, "fileName");
            assertProblem(upload(admin, content, "?key=" + Api.q(DATASET) + "&role=" + q, null), 400, "role");
            assertProblem(upload(admin, content, "?key=" + Api.q("dataset:" + t) + "&role=config", null), 400,
                    "key");
            assertProblem(admin.post("/api/v1/artifacts/" + sha + "/attachments", Map.of("key", DATASET,
                    "role", "config", "fileName", t)), 400, "fileName");
            assertThat(download(admin, sha + "?name=" + q).statusCode()).as("name %s", t).isEqualTo(400);
            assertThat(admin.get("/api/v1/artifacts?key=" + q).status()).as("key %s", t).isIn(200, 400);
        }
        for (String encoded : List.of("..%2f..%2fsecret.txt", "%2e%2e%2f%2e%2e%2fsecret.txt", "..%5csecret.txt",
                "secret.txt%00.png")) {
            assertProblem(upload(admin, content, "?key=" + Api.q(DATASET) + "&role=config&fileName=" + encoded,
                    null), 400, "fileName");
            assertThat(download(admin, sha + "?name=" + encoded).statusCode()).as(encoded).isEqualTo(400);
        }
        HttpResponse<byte[]> doubleEncoded = download(admin, sha + "?name=%252e%252e%252fsecret.txt");
        assertThat(doubleEncoded.statusCode()).as("a name that is only a label").isEqualTo(200);
        assertThat(header(doubleEncoded, "Content-Disposition")).doesNotContain("../", "..%2f")
                .contains("filename=\"_2e_2e_2fsecret.txt\"");

        assertSandboxHoldsOnlyBlobsAndTheSecret();
        assertThat(ArtifactApiIT.blobFiles(store)).extracting(p -> p.getFileName().toString()).containsExactly(sha);
    }

    @Test
    void downloadsAreAlwaysAttachmentsWithASanitizedName() {
        String sha = uploaded(admin, bytes(100, 54), "").get("sha256").asText();

        HttpResponse<byte[]> named = download(admin, sha + "?name=" + Api.q("modèle \"v1\";x=1%.onnx"));
        assertThat(header(named, "Content-Disposition")).isEqualTo("attachment; filename=\"mod_le _v1__x=1_.onnx\";"
                + " filename*=UTF-8''mod%C3%A8le%20%22v1%22%3Bx%3D1%25.onnx");
        HttpResponse<byte[]> unnamed = download(admin, sha);
        assertThat(header(unnamed, "Content-Disposition"))
                .isEqualTo("attachment; filename=\"" + sha + "\"; filename*=UTF-8''" + sha);
        assertThat(header(unnamed, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(header(unnamed, "Content-Security-Policy")).contains("sandbox").contains("default-src 'none'");
    }

    @Test
    void contentABrowserWouldRenderOrRunIsServedAsOpaqueBytes() {
        String page = "<html><script>alert(document.cookie)</script></html>";
        List<String> active = List.of("text/html", "text/html; charset=utf-8", "TEXT/HTML", "image/svg+xml",
                "application/xhtml+xml", "text/xml", "application/xml", "application/rss+xml",
                "application/atom+xml", "text/javascript", "application/javascript");
        for (int i = 0; i < active.size(); i++) {
            byte[] content = (page + i).getBytes(StandardCharsets.UTF_8);
            Api.Response up = upload(admin, content, "", active.get(i));
            assertThat(up.status()).as(up.body()).isEqualTo(201);

            HttpResponse<byte[]> d = download(admin, sha(content));
            assertThat(header(d, "Content-Type")).as(active.get(i)).isEqualTo("application/octet-stream");
            assertThat(header(d, "Content-Disposition")).as(active.get(i)).startsWith("attachment;");
            assertThat(header(d, "X-Content-Type-Options")).isEqualTo("nosniff");
        }
        assertThat(upload(admin, bytes(5, 55), "", "text/plain").status()).isEqualTo(201);
        assertThat(header(download(admin, sha(bytes(5, 55))), "Content-Type")).startsWith("text/plain");
        assertProblem(upload(admin, bytes(5, 56), "", "not a media type"), 400, "Content-Type");
    }

    /** Nothing was written into the sandbox but blobs and the store's own bookkeeping; the secret is untouched. */
    private void assertSandboxHoldsOnlyBlobsAndTheSecret() {
        try (Stream<Path> files = Files.walk(sandbox)) {
            List<Path> unexpected = files.filter(Files::isRegularFile)
                    .filter(p -> !p.equals(secret))
                    .filter(p -> !(p.startsWith(store.resolve("sha256")) && store.relativize(p).getNameCount() == 4
                            && p.getFileName().toString().matches("[0-9a-f]{64}")))
                    .filter(p -> !(p.startsWith(store.resolve("incoming"))
                            && p.getFileName().toString().equals(".lock")))
                    .toList();
            assertThat(unexpected).as("files written outside the blob layout").isEmpty();
            assertThat(Files.readString(secret)).isEqualTo(secretText);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
