package io.pedigree.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.pedigree.artifacts.ArtifactHttp.EMPTY_SHA;
import static io.pedigree.artifacts.ArtifactHttp.audit;
import static io.pedigree.artifacts.ArtifactHttp.bytes;
import static io.pedigree.artifacts.ArtifactHttp.download;
import static io.pedigree.artifacts.ArtifactHttp.header;
import static io.pedigree.artifacts.ArtifactHttp.raw;
import static io.pedigree.artifacts.ArtifactHttp.sha;
import static io.pedigree.artifacts.ArtifactHttp.upload;
import static io.pedigree.artifacts.ArtifactHttp.uploadChunked;
import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads at the edges: bodies shorter or longer than they claim, empty, over the size limit (declared or only
 * counted), and the same content sent by several clients at once.
 */
class ArtifactUploadEdgesIT extends PedigreeIT {

    private static final int LIMIT = 4096;
    private final Path root = TestApp.tempDir("pedigree-artifacts-edges");

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = TestApp.settings();
        s.put("PEDIGREE_ARTIFACT_DIR", root.toString());
        s.put("PEDIGREE_MAX_ARTIFACT_BYTES", Integer.toString(LIMIT));
        return s;
    }

    @BeforeEach
    void emptyStore() {
        ArtifactApiIT.clear(root);
    }

    @Test
    void anUploadCutOffBeforeItsDeclaredLengthLeavesNothingVisible() {
        byte[] content = bytes(3000, 40);
        byte[] half = Arrays.copyOf(content, 1500);

        String answer = raw(app.port(), head(3000), half);

        assertThat(answer).as("the server's answer").startsWith("HTTP/1.1 400").contains("before");
        assertNothingStored();
        assertThat(download(admin, sha(half)).statusCode()).isEqualTo(404);
        assertThat(download(admin, sha(content)).statusCode()).isEqualTo(404);
        assertThat(partFiles()).as("temporary files of the cut-off upload").isEmpty();
    }

    @Test
    void aDeclaredLengthShorterThanTheBodyStoresExactlyTheDeclaredBytes() {
        byte[] content = bytes(300, 41);
        byte[] declared = Arrays.copyOf(content, 100);

        String answer = raw(app.port(), head(100), content);

        assertThat(answer).startsWith("HTTP/1.1 201").contains(sha(declared));
        assertThat(ArtifactApiIT.blobFiles(root)).extracting(p -> p.getFileName().toString())
                .containsExactly(sha(declared));
        assertThat(download(admin, sha(declared)).body()).isEqualTo(declared);
        assertThat(Graph.count("MATCH (a:Artifact) RETURN count(a) AS c")).isEqualTo(1);
    }

    @Test
    void anEmptyBodyIsAValidArtifactWithTheDigestOfNothing() {
        Api.Response r = upload(admin, new byte[0], "?sha256=" + EMPTY_SHA, null);

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().at("/artifact/sha256").asText()).isEqualTo(EMPTY_SHA);
        assertThat(r.json().at("/artifact/size").asLong()).isZero();
        HttpResponse<byte[]> d = download(admin, EMPTY_SHA);
        assertThat(d.statusCode()).isEqualTo(200);
        assertThat(d.body()).isEmpty();
        assertThat(header(d, "Content-Length")).isEqualTo("0");
        for (String range : List.of("bytes=0-", "bytes=-1")) {
            HttpResponse<byte[]> none = download(admin, EMPTY_SHA, "Range", range);
            assertThat(none.statusCode()).as(range).isEqualTo(416);
            assertThat(header(none, "Content-Range")).as(range).isEqualTo("bytes */0");
        }
        assertThat(upload(admin, new byte[0], "", null).status()).isEqualTo(200);
    }

    @Test
    void contentUpToTheLimitIsAcceptedAndOneByteMoreIs413WhetherDeclaredOrCounted() {
        byte[] atLimit = bytes(LIMIT, 42);
        assertThat(upload(admin, atLimit).status()).isEqualTo(201);
        assertThat(uploadChunked(admin, bytes(LIMIT, 43), "").status()).as("chunked, at the limit").isEqualTo(201);
        assertThat(ArtifactApiIT.blobFiles(root)).hasSize(2);

        assertProblem(upload(admin, bytes(LIMIT + 1, 44)), 413);
        assertProblem(uploadChunked(admin, bytes(LIMIT + 1, 45), ""), 413);
        assertProblem(uploadChunked(admin, bytes(3 * LIMIT, 46), ""), 413);

        assertThat(ArtifactApiIT.blobFiles(root)).hasSize(2);
        assertThat(Graph.count("MATCH (a:Artifact) RETURN count(a) AS c")).isEqualTo(2);
        assertThat(partFiles()).isEmpty();
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsRead() {
        String answer = raw(app.port(), head(10L * LIMIT), bytes(100, 47));

        assertThat(answer).startsWith("HTTP/1.1 413").contains("PEDIGREE_MAX_ARTIFACT_BYTES");
        assertNothingStored();
    }

    @Test
    void eightConcurrentUploadsOfTheSameContentStoreItOnceAndOneOfThemCreatesIt() throws Exception {
        byte[] content = bytes(LIMIT, 48);
        int clients = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Api.Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return upload(admin, content, "?sha256=" + sha(content), "application/octet-stream");
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Api.Response> f : answers) {
                Api.Response r = f.get(60, TimeUnit.SECONDS);
                statuses.add(r.status());
                assertThat(r.json().at("/artifact/sha256").asText()).as(r.body()).isEqualTo(sha(content));
            }
            assertThat(statuses).as("statuses").containsOnly(200, 201).containsOnlyOnce(201);
        } finally {
            pool.shutdownNow();
        }

        assertThat(ArtifactApiIT.blobFiles(root)).hasSize(1);
        assertThat(Graph.count("MATCH (a:Artifact) RETURN count(a) AS c")).isEqualTo(1);
        assertThat(audit(admin, "artifact.upload")).hasSize(1);
        assertThat(download(admin, sha(content)).body()).isEqualTo(content);
        assertThat(partFiles()).isEmpty();
    }

    private void assertNothingStored() {
        assertThat(ArtifactApiIT.blobFiles(root)).as("blobs").isEmpty();
        assertThat(Graph.count("MATCH (a:Artifact) RETURN count(a) AS c")).as("artifact nodes").isZero();
        JsonNode events = admin.get("/api/v1/audit?action=artifact.upload").json();
        assertThat(events.get("items")).as("upload events").isEmpty();
    }

    private static String head(long contentLength) {
        return "POST /api/v1/artifacts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestApp.ADMIN_TOKEN
                + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + contentLength;
    }

    /** Unfinished uploads' temporary files. */
    private List<Path> partFiles() {
        try (Stream<Path> files = Files.walk(root.resolve("incoming"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
