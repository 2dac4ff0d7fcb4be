package io.pedigree.artifacts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The blob store contract on the local file system, and what a crash leaves for the next start. */
class FileSystemBlobStoreIT extends BlobStoreContract {

    @TempDir
    Path root;

    @Override
    protected BlobStore newStore() {
        return FileSystemBlobStore.open(root);
    }

    @Override
    protected void corrupt(Sha256 sha256) throws IOException {
        Path path = ((FileSystemBlobStore) store).pathOf(sha256);
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.seek(file.length() / 2);
            int b = file.read();
            file.seek(file.length() / 2);
            file.write(b ^ 0x01);
        }
    }

    @Override
    protected List<String> leftovers() throws IOException {
        try (Stream<Path> files = Files.walk(root.resolve("incoming"))) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(".lock"))
                    .map(p -> root.relativize(p).toString()).toList();
        }
    }

    @Test
    void blobsLiveUnderTheirDigestInTwoLevelsOfDirectories() {
        Sha256 sha = store.put(new ByteArrayInputStream(bytes(10, 1)), Optional.empty(), 100).sha256();

        String hex = sha.hex();
        assertThat(root.resolve("sha256").resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex))
                .isRegularFile().hasSize(10);
    }

    @Test
    void anUploadADeadProcessLeftHalfWrittenIsNeverListedAndIsSweptAtTheNextStart() throws IOException {
        Path dead = Files.createDirectories(root.resolve("incoming").resolve("dead-process"));
        Files.createFile(dead.resolve(".lock"));
        Path half = Files.write(dead.resolve("upload.part"), bytes(1000, 2));
        Path loose = Files.write(root.resolve("incoming").resolve("stray.part"), bytes(10, 3));

        assertThat(listed()).isEmpty();
        store.close();
        store = FileSystemBlobStore.open(root);

        assertThat(half).doesNotExist();
        assertThat(dead).doesNotExist();
        assertThat(loose).doesNotExist();
    }

    @Test
    void aLiveStoreKeepsItsUnfinishedUploadsWhenAnotherOpensTheSameDirectory() throws IOException {
        Path ownIncoming;
        try (Stream<Path> dirs = Files.list(root.resolve("incoming"))) {
            ownIncoming = dirs.findFirst().orElseThrow();
        }
        Path inProgress = Files.write(ownIncoming.resolve("upload.part"), bytes(100, 4));

        try (BlobStore second = FileSystemBlobStore.open(root)) {
            assertThat(inProgress).exists();
            assertThat(second.list()).isEmpty();
        }
    }

    @Test
    void aFileThatIsNotNamedAfterItsPlaceIsNotListed() throws IOException {
        Sha256 sha = store.put(new ByteArrayInputStream(bytes(10, 5)), Optional.empty(), 100).sha256();
        Path misplaced = root.resolve("sha256").resolve("00").resolve("00");
        Files.createDirectories(misplaced);
        Files.write(misplaced.resolve(sha.hex()), bytes(10, 5));
        Files.write(misplaced.resolve("notes.txt"), bytes(10, 6));

        assertThat(listed()).containsExactly(sha);
    }

    @Test
    void aBlobReplacedByALinkIsListedNeverReadAndReplacedByTheNextUpload() throws IOException {
        byte[] content = bytes(100, 7);
        Sha256 sha = store.put(new ByteArrayInputStream(content), Optional.empty(), 1000).sha256();
        Path blob = ((FileSystemBlobStore) store).pathOf(sha);
        Path outside = Files.write(root.resolveSibling(root.getFileName() + "-outside.txt"), bytes(100, 8));
        Files.delete(blob);
        Files.createSymbolicLink(blob, outside);

        assertThat(listed()).containsExactly(sha);
        assertThat(store.verify(sha)).isEqualTo(Verification.UNSAFE);
        assertThat(store.stat(sha)).isEmpty();
        assertThatThrownBy(() -> store.open(sha, Optional.empty()))
                .isInstanceOf(io.pedigree.error.PedigreeException.NotFound.class).hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> store.open(sha, Optional.of(ByteRange.closed(0, 9))))
                .isInstanceOf(io.pedigree.error.PedigreeException.NotFound.class);

        store.put(new ByteArrayInputStream(content), Optional.empty(), 1000);

        assertThat(Files.isSymbolicLink(blob)).isFalse();
        assertThat(store.verify(sha)).isEqualTo(Verification.OK);
        assertThat(Files.readAllBytes(outside)).isEqualTo(bytes(100, 8));
    }
}
