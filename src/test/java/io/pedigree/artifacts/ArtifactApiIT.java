package io.pedigree.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.pedigree.artifacts.ArtifactHttp.audit;
import static io.pedigree.artifacts.ArtifactHttp.bytes;
import static io.pedigree.artifacts.ArtifactHttp.sha;
import static io.pedigree.artifacts.ArtifactHttp.uploaded;
import static org.assertj.core.api.Assertions.assertThat;

/** The artifact API on the file system store, in a directory of this class's own. */
class ArtifactApiIT extends ArtifactApiContract {

    private final Path root = TestApp.tempDir("pedigree-artifacts-api");

    @Override
    protected Map<String, String> storeSettings() {
        return Map.of("PEDIGREE_ARTIFACT_STORE", "filesystem", "PEDIGREE_ARTIFACT_DIR", root.toString());
    }

    @Override
    protected void clearStore() {
        clear(root);
    }

    /** Deletes every blob of the file system store under {@code root}, leaving the store usable. */
    static void clear(Path root) {
        try (Stream<Path> files = Files.walk(root.resolve("sha256"))) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(root.resolve("sha256"))) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected List<String> storedBlobs() {
        return blobFiles(root).stream().map(p -> p.getFileName().toString()).toList();
    }

    @Override
    protected void corrupt(String sha) {
        try {
            Path file = blobPath(sha);
            byte[] content = Files.readAllBytes(file);
            content[content.length / 2] ^= 0x01;
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void remove(String sha) {
        try {
            Files.delete(blobPath(sha));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void blobsAreFilesNamedByTheirDigestTwoLevelsDeep() throws IOException {
        byte[] content = bytes(1234, 20);
        uploaded(admin, content, "");

        assertThat(Files.readAllBytes(blobPath(sha(content)))).isEqualTo(content);
        assertThat(blobFiles(root)).containsExactly(blobPath(sha(content)));
    }

    @Test
    void garbageCollectionTakesOnlyContentOlderThanTheGracePeriodIncludingBytesWithoutANode() throws IOException {
        String old = uploaded(admin, bytes(1000, 21), "").get("sha256").asText();
        String fresh = uploaded(admin, bytes(1000, 22), "").get("sha256").asText();
        byte[] orphanContent = bytes(800, 23);
        String orphan = sha(orphanContent);
        Files.createDirectories(blobPath(orphan).getParent());
        Files.write(blobPath(orphan), orphanContent);
        FileTime twoHoursAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        Files.setLastModifiedTime(blobPath(old), twoHoursAgo);
        Files.setLastModifiedTime(blobPath(orphan), twoHoursAgo);

        JsonNode report = gc(Map.of("dryRun", false, "olderThanMinutes", 90));

        assertThat(texts(report.get("deleted"))).containsExactlyInAnyOrder(old, orphan);
        assertThat(storedBlobs()).containsExactly(fresh);
        assertThat(audit(admin, "artifact.gc")).extracting(e -> e.get("target").asText())
                .containsExactlyInAnyOrder("artifact:sha256:" + old, "artifact:sha256:" + orphan);
    }

    Path blobPath(String sha) {
        return root.resolve("sha256").resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
    }

    /** Every regular file under the store's blob directory. */
    static List<Path> blobFiles(Path root) {
        try (Stream<Path> files = Files.walk(root.resolve("sha256"))) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
