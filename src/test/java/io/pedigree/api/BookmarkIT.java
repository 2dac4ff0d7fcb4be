package io.pedigree.api;

import io.pedigree.testing.Api;
import io.pedigree.testing.Lineage;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Writes hand back a bookmark that a later read, possibly through another instance, can wait for. */
class BookmarkIT extends PedigreeIT {

    private static final String HEADER = "Pedigree-Bookmark";

    private static String bookmark(Api.Response r) {
        return r.headers().firstValue(HEADER).orElseThrow(() -> new AssertionError("no bookmark on " + r));
    }

    private Api.Response readWith(String key, String bookmark) {
        return admin.send(admin.builder("/api/v1/node?key=" + Api.q(key)).header(HEADER, bookmark).GET());
    }

    @Test
    void everyKindOfWriteReturnsABookmark() {
        Api.Response node = admin.put("/api/v1/nodes", Map.of("key", "dataset:tx@1"));
        Api.Response batch = Lineage.of().node("run:train@r1").writeWith(admin);
        Api.Response relation = admin.post("/api/v1/relations",
                Map.of("from", "run:train@r1", "type", "USED", "to", "dataset:tx@1"));
        Api.Response close = admin.post("/api/v1/relations/close",
                Map.of("from", "run:train@r1", "type", "USED", "to", "dataset:tx@1"));

        assertThat(bookmark(node)).isNotBlank();
        assertThat(bookmark(batch)).isNotBlank();
        assertThat(bookmark(relation)).isNotBlank();
        assertThat(bookmark(close)).isNotBlank();
    }

    @Test
    void readSendingTheBookmarkBackSeesTheWrite() {
        String mark = bookmark(admin.put("/api/v1/nodes", Map.of("key", "dataset:tx@1")));

        Api.Response r = readWith("dataset:tx@1", mark);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("key").asText()).isEqualTo("dataset:tx@1");
    }

    @Test
    void severalBookmarksMayBeSentTogether() {
        String first = bookmark(admin.put("/api/v1/nodes", Map.of("key", "dataset:tx@1")));
        String second = bookmark(admin.put("/api/v1/nodes", Map.of("key", "dataset:tx@2")));

        assertThat(readWith("dataset:tx@2", first + ", " + second).status()).isEqualTo(200);
    }

    @Test
    void bookmarkTheServerDidNotHandOutIsRefusedNamingTheHeader() {
        admin.put("/api/v1/nodes", Map.of("key", "dataset:tx@1"));

        assertProblem(readWith("dataset:tx@1", "not-a-bookmark"), 400, HEADER);
    }
}
