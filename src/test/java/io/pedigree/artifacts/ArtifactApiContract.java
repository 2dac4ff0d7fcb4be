package io.pedigree.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Graph;
import io.pedigree.testing.Lineage;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.pedigree.artifacts.ArtifactHttp.audit;
import static io.pedigree.artifacts.ArtifactHttp.bytes;
import static io.pedigree.artifacts.ArtifactHttp.download;
import static io.pedigree.artifacts.ArtifactHttp.header;
import static io.pedigree.artifacts.ArtifactHttp.sha;
import static io.pedigree.artifacts.ArtifactHttp.upload;
import static io.pedigree.artifacts.ArtifactHttp.uploaded;
import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The artifact API as every blob store backend must serve it: uploads named by their SHA-256 and stored once,
 * downloads with ranges and ETags, verification, deletion and garbage collection. A subclass names the backend
 * and looks at (and damages) its storage directly, bypassing the API.
 */
abstract class ArtifactApiContract extends PedigreeIT {

    /** Settings selecting this class's own, empty blob store. */
    protected abstract Map<String, String> storeSettings();

    /** Empties the blob store; the graph is wiped by the base class. */
    protected abstract void clearStore();

    /** The digests of the blobs in the store, read from the backend itself. */
    protected abstract List<String> storedBlobs();

    /** Flips a byte of a stored blob, behind the API's back. */
    protected abstract void corrupt(String sha);

    /** Removes a stored blob, behind the API's back. */
    protected abstract void remove(String sha);

    @Override
    protected final Map<String, String> settings() {
        Map<String, String> s = TestApp.settings();
        s.putAll(storeSettings());
        return s;
    }

    @BeforeEach
    void emptyStore() {
        clearStore();
    }

    @Test
    void anUploadIsNamedByItsSha256AndDownloadsByteForByte() {
        byte[] content = bytes(300_000, 1);
        String sha = sha(content);

        Api.Response r = upload(admin, content, "?sha256=" + sha.toUpperCase(), "application/x-onnx");

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/artifacts/" + sha);
        assertThat(r.headers().firstValue("ETag")).hasValue("\"" + sha + "\"");
        JsonNode a = r.json().get("artifact");
        assertThat(a.get("key").asText()).isEqualTo("artifact:sha256:" + sha);
        assertThat(a.get("size").asLong()).isEqualTo(content.length);
        assertThat(a.get("mediaType").asText()).isEqualTo("application/x-onnx");
        assertThat(a.get("created").asBoolean()).isTrue();
        assertThat(storedBlobs()).containsExactly(sha);

        HttpResponse<byte[]> d = download(admin, sha);
        assertThat(d.statusCode()).isEqualTo(200);
        assertThat(d.body()).isEqualTo(content);
        assertThat(header(d, "ETag")).isEqualTo("\"" + sha + "\"");
        assertThat(header(d, "Content-Type")).isEqualTo("application/x-onnx");
        assertThat(header(d, "Content-Length")).isEqualTo(Integer.toString(content.length));
        assertThat(header(d, "Accept-Ranges")).isEqualTo("bytes");

        JsonNode info = admin.get("/api/v1/artifacts/" + sha + "/info").json();
        assertThat(info.at("/artifact/sha256").asText()).isEqualTo(sha);
        assertThat(info.at("/artifact/storage").asText()).isNotBlank();
        assertThat(audit(admin, "artifact.upload")).singleElement()
                .satisfies(e -> assertThat(e.get("target").asText()).isEqualTo("artifact:sha256:" + sha));
    }

    @Test
    void theSameContentUploadedAgainIsStoredOnceAndAnswers200() {
        byte[] content = bytes(5000, 2);

        assertThat(upload(admin, content).status()).isEqualTo(201);
        Api.Response again = upload(admin, content, "", "text/plain");

        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().at("/artifact/created").asBoolean()).isFalse();
        assertThat(again.json().at("/artifact/mediaType").asText())
                .as("the first upload's media type is kept").isEqualTo("application/octet-stream");
        assertThat(storedBlobs()).containsExactly(sha(content));
        assertThat(Graph.count("MATCH (a:Artifact) RETURN count(a) AS c")).isEqualTo(1);
        assertThat(audit(admin, "artifact.upload")).hasSize(1);
    }

    @Test
    void contentThatDoesNotHashToTheExpectedSha256Is422AndNothingIsStored() {
        byte[] content = bytes(70_000, 3);
        String other = sha(bytes(10, 4));

        Api.Response r = upload(admin, content, "?sha256=" + other, "application/octet-stream");

        assertProblem(r, 422, "sha256");
        assertThat(storedBlobs()).isEmpty();
        assertThat(Graph.nodes()).isZero();
        assertThat(audit(admin, "artifact.upload")).isEmpty();
        assertProblem(admin.get("/api/v1/artifacts/" + sha(content) + "/info"), 404, "sha256");
        assertThat(download(admin, other).statusCode()).isEqualTo(404);
    }

    @Test
    void aRangeAnswers206WithTheSelectedBytesAndContentRange() {
        byte[] content = bytes(1000, 5);
        String sha = uploaded(admin, content, "").get("sha256").asText();

        assertRange(sha, "bytes=0-9", content, 0, 9);
        assertRange(sha, "bytes=990-", content, 990, 999);
        assertRange(sha, "bytes=-25", content, 975, 999);
        assertRange(sha, "bytes=500-5000", content, 500, 999);

        for (String whole : List.of("bytes=-5000", "bytes=0-", "bytes=0-1,5-6", "items=0-9", "bytes=9-3")) {
            HttpResponse<byte[]> r = download(admin, sha, "Range", whole);
            assertThat(r.statusCode()).as("%s: the whole content, as RFC 9110 permits", whole).isEqualTo(200);
            assertThat(r.body()).as(whole).isEqualTo(content);
        }
    }

    @Test
    void aRangeStartingAtOrPastTheEndIs416NamingTheSize() {
        String sha = uploaded(admin, bytes(1000, 6), "").get("sha256").asText();

        for (String range : List.of("bytes=1000-", "bytes=1000-2000", "bytes=5000-5001")) {
            HttpResponse<byte[]> r = download(admin, sha, "Range", range);
            assertThat(r.statusCode()).as(range).isEqualTo(416);
            assertThat(header(r, "Content-Range")).as(range).isEqualTo("bytes */1000");
        }
    }

    @Test
    void headAnswersTheMetadataAndIfNoneMatchWithTheEtagAnswers304() {
        byte[] content = bytes(4321, 7);
        String sha = uploaded(admin, content, "").get("sha256").asText();

        HttpResponse<byte[]> head = ArtifactHttp.fetch(admin, "HEAD", "/api/v1/artifacts/" + sha);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(header(head, "Content-Length")).isEqualTo("4321");
        assertThat(header(head, "ETag")).isEqualTo("\"" + sha + "\"");
        assertThat(header(head, "Content-Disposition")).startsWith("attachment;");

        HttpResponse<byte[]> cached = download(admin, sha, "If-None-Match", "\"" + sha + "\"");
        assertThat(cached.statusCode()).isEqualTo(304);
        assertThat(cached.body()).isEmpty();
        assertThat(header(cached, "ETag")).isEqualTo("\"" + sha + "\"");
        HttpResponse<byte[]> stale = download(admin, sha, "If-None-Match", "\"" + sha(new byte[1]) + "\"");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(content);
    }

    @Test
    void verifyReportsContentDamagedOrLostInTheStore() {
        String intact = uploaded(admin, bytes(3000, 8), "").get("sha256").asText();
        String damaged = uploaded(admin, bytes(3000, 9), "").get("sha256").asText();
        String lost = uploaded(admin, bytes(3000, 10), "").get("sha256").asText();
        assertThat(verify(damaged)).isEqualTo("ok");

        corrupt(damaged);
        remove(lost);

        assertThat(verify(intact)).isEqualTo("ok");
        assertThat(verify(damaged)).isEqualTo("corrupt");
        assertThat(verify(lost)).isEqualTo("missing");
        JsonNode all = admin.post("/api/v1/admin/artifacts/verify", Map.of()).json();
        assertThat(all.get("checked").asInt()).as("the two stored and the one recorded but lost").isEqualTo(3);
        assertThat(all.get("ok").asBoolean()).isFalse();
        assertThat(all.get("problems").toString()).contains(damaged, "corrupt", lost, "missing")
                .doesNotContain(intact);
    }

    @Test
    void damagedContentIsNeverServedAsIfIntact() {
        byte[] content = bytes(3000, 11);
        String sha = uploaded(admin, content, "").get("sha256").asText();
        corrupt(sha);

        HttpResponse<byte[]> r;
        try {
            r = download(admin, sha);
        } catch (java.io.UncheckedIOException aborted) {
            return; // the server cut the answer off: the client cannot take it for the content
        }
        assertThat(r.statusCode()).as("a whole download of damaged bytes").isNotEqualTo(200);
    }

    @Test
    void deletingAnUnregisteredArtifactRemovesItsBytesAndNodeAndIsAudited() {
        String sha = uploaded(admin, bytes(2000, 12), "").get("sha256").asText();

        assertProblem(admin.delete("/api/v1/artifacts/" + sha), 400, "reason");
        Api.Response r = admin.delete("/api/v1/artifacts/" + sha + "?reason=" + Api.q("uploaded by mistake"));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(storedBlobs()).isEmpty();
        assertThat(download(admin, sha).statusCode()).isEqualTo(404);
        assertThat(Graph.count("MATCH (a:Artifact) RETURN count(a) AS c")).isZero();
        assertThat(audit(admin, "artifact.delete")).singleElement().satisfies(e -> {
            assertThat(e.get("target").asText()).isEqualTo("artifact:sha256:" + sha);
            assertThat(e.get("reason").asText()).isEqualTo("uploaded by mistake");
            assertThat(e.get("actor").asText()).isNotBlank();
        });
        assertProblem(admin.delete("/api/v1/artifacts/" + sha + "?reason=again"), 404, "sha256");
    }

    @Test
    void garbageCollectionListsUnusedContentOnADryRunAndDeletesItOnlyWhenTold() {
        Lineage.of().node("dataset:fraud-train@1").writeWith(admin);
        String unused = uploaded(admin, bytes(1500, 13), "").get("sha256").asText();
        String used = uploaded(admin, bytes(1700, 14), "?key=" + Api.q("dataset:fraud-train@1")
                + "&role=config").get("sha256").asText();

        JsonNode spared = gc(Map.of("dryRun", false));
        assertThat(spared.get("unused")).as("younger than the default hour: spared").isEmpty();

        JsonNode dry = gc(Map.of("olderThanMinutes", 0));
        assertThat(dry.get("dryRun").asBoolean()).as("a dry run unless told otherwise").isTrue();
        assertThat(texts(dry.get("unused"))).containsExactly(unused);
        assertThat(dry.get("unusedBytes").asLong()).isEqualTo(1500);
        assertThat(dry.get("deleted")).isEmpty();
        assertThat(storedBlobs()).containsExactlyInAnyOrder(unused, used);
        assertThat(audit(admin, "artifact.gc")).isEmpty();

        JsonNode real = gc(Map.of("dryRun", false, "olderThanMinutes", 0));

        assertThat(texts(real.get("deleted"))).containsExactly(unused);
        assertThat(storedBlobs()).containsExactly(used);
        assertThat(download(admin, unused).statusCode()).isEqualTo(404);
        assertThat(download(admin, used).statusCode()).isEqualTo(200);
        assertThat(audit(admin, "artifact.gc")).singleElement()
                .satisfies(e -> assertThat(e.get("target").asText()).isEqualTo("artifact:sha256:" + unused));
        assertProblem(admin.post("/api/v1/admin/artifacts/gc", Map.of("olderThanMinutes", -1)), 400,
                "olderThanMinutes");
    }

    protected JsonNode gc(Map<String, Object> body) {
        Api.Response r = admin.post("/api/v1/admin/artifacts/gc", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    protected String verify(String sha) {
        Api.Response r = admin.get("/api/v1/artifacts/" + sha + "/verify");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("result").asText();
    }

    protected static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private void assertRange(String sha, String range, byte[] content, int first, int last) {
        HttpResponse<byte[]> r = download(admin, sha, "Range", range);
        assertThat(r.statusCode()).as(range).isEqualTo(206);
        assertThat(header(r, "Content-Range")).as(range)
                .isEqualTo("bytes " + first + "-" + last + "/" + content.length);
        assertThat(header(r, "Content-Length")).as(range).isEqualTo(Integer.toString(last - first + 1));
        assertThat(r.body()).as(range).isEqualTo(Arrays.copyOfRange(content, first, last + 1));
    }
}
