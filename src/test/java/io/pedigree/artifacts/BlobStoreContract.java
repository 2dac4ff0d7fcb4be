package io.pedigree.artifacts;

import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.error.PedigreeException.PayloadTooLarge;
import io.pedigree.error.PedigreeException.RangeNotSatisfiable;
import io.pedigree.error.PedigreeException.Unprocessable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link BlobStore} promises, run against each real backend by a subclass that supplies a fresh, empty
 * store, a way to damage a stored blob behind the store's back, and a look at what uploads left behind.
 */
abstract class BlobStoreContract {

    /** Larger than the backend's unit of transfer, so uploads and reads cross chunk boundaries. */
    static final int LARGE = 3 * (1 << 20) + 17;
    private static final long NO_LIMIT = Long.MAX_VALUE;

    protected BlobStore store;

    /** A new store with nothing in it. */
    protected abstract BlobStore newStore() throws Exception;

    /** Changes one byte of a stored blob directly in the backend, keeping its size and any recorded digest. */
    protected abstract void corrupt(Sha256 sha256) throws Exception;

    /** Names of whatever unfinished uploads left in the backend (temporary files, blobs or staged blocks). */
    protected abstract List<String> leftovers() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void storedBytesComeBackUnchangedUnderTheirDigest() throws IOException {
        byte[] content = bytes(LARGE, 1);
        StoredBlob stored = store.put(new ByteArrayInputStream(content), Optional.empty(), NO_LIMIT);

        assertThat(stored.sha256()).isEqualTo(sha(content));
        assertThat(stored.size()).isEqualTo(LARGE);
        assertThat(stored.created()).isTrue();
        assertThat(read(stored.sha256(), Optional.empty())).isEqualTo(content);
        assertThat(store.stat(stored.sha256())).hasValueSatisfying(info -> {
            assertThat(info.size()).isEqualTo(LARGE);
            assertThat(info.storedAt()).isNotNull();
        });
    }

    @Test
    void storingTheSameBytesAgainKeepsOneCopyAndSaysItWasNotNew() {
        byte[] content = bytes(1000, 2);
        StoredBlob first = store.put(new ByteArrayInputStream(content), Optional.empty(), NO_LIMIT);
        StoredBlob second = store.put(new ByteArrayInputStream(content), Optional.of(sha(content)), NO_LIMIT);

        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.sha256()).isEqualTo(first.sha256());
        assertThat(listed()).containsExactly(first.sha256());
    }

    @Test
    void contentThatDoesNotHashToTheExpectedDigestIsRefusedAndNothingIsStored() throws Exception {
        byte[] content = bytes(LARGE, 3);
        Sha256 other = sha(bytes(10, 4));

        assertThatThrownBy(() -> store.put(new ByteArrayInputStream(content), Optional.of(other), NO_LIMIT))
                .isInstanceOfSatisfying(Unprocessable.class, e -> {
                    assertThat(e.field()).isEqualTo("sha256");
                    assertThat(e.detail()).contains(sha(content).hex()).contains(other.hex());
                });
        assertNothingStored(sha(content));
    }

    @Test
    void contentOverTheSizeLimitIsRefusedAndNothingIsStored() throws Exception {
        byte[] content = bytes(LARGE, 5);

        assertThatThrownBy(() -> store.put(new ByteArrayInputStream(content), Optional.empty(), LARGE - 1))
                .isInstanceOf(PayloadTooLarge.class);
        assertNothingStored(sha(content));
        assertThat(store.put(new ByteArrayInputStream(content), Optional.empty(), LARGE).size()).isEqualTo(LARGE);
    }

    @Test
    void anUploadCutOffHalfwayLeavesNothingBehind() throws Exception {
        byte[] content = bytes(LARGE, 6);
        InputStream cutOff = new FilterInputStream(new ByteArrayInputStream(content)) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > LARGE / 2) {
                    throw new IOException("connection reset");
                }
                int n = super.read(b, off, Math.min(len, 4096));
                read += Math.max(n, 0);
                return n;
            }
        };

        assertThatThrownBy(() -> store.put(cutOff, Optional.empty(), NO_LIMIT))
                .isInstanceOf(UncheckedIOException.class).hasRootCauseMessage("connection reset");
        assertNothingStored(sha(content));
    }

    @Test
    void emptyContentIsAValidBlob() throws IOException {
        StoredBlob stored = store.put(InputStream.nullInputStream(), Optional.of(Sha256.EMPTY), NO_LIMIT);

        assertThat(stored.sha256().hex())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(stored.size()).isZero();
        assertThat(read(Sha256.EMPTY, Optional.empty())).isEmpty();
        assertThat(store.stat(Sha256.EMPTY)).hasValueSatisfying(i -> assertThat(i.size()).isZero());
        assertThat(store.verify(Sha256.EMPTY)).isEqualTo(Verification.OK);
        assertThatThrownBy(() -> store.open(Sha256.EMPTY, Optional.of(ByteRange.suffix(1))))
                .isInstanceOf(RangeNotSatisfiable.class);
    }

    @Test
    void rangesSelectTheFirstTheLastAMiddleAndASuffixOfTheBytes() throws IOException {
        byte[] content = bytes(LARGE, 7);
        Sha256 sha = store.put(new ByteArrayInputStream(content), Optional.empty(), NO_LIMIT).sha256();
        int middle = (1 << 20) - 5;

        assertThat(read(sha, Optional.of(ByteRange.closed(0, 0)))).containsExactly(content[0]);
        assertThat(read(sha, Optional.of(ByteRange.closed(LARGE - 1, LARGE - 1)))).containsExactly(content[LARGE - 1]);
        assertThat(read(sha, Optional.of(ByteRange.closed(middle, middle + 99))))
                .isEqualTo(slice(content, middle, 100));
        assertThat(read(sha, Optional.of(ByteRange.suffix(500)))).isEqualTo(slice(content, LARGE - 500, 500));
        assertThat(read(sha, Optional.of(ByteRange.from(LARGE - 3)))).isEqualTo(slice(content, LARGE - 3, 3));
        assertThat(read(sha, Optional.of(ByteRange.closed(LARGE - 2, LARGE + 1000))))
                .isEqualTo(slice(content, LARGE - 2, 2));
        try (BlobContent part = store.open(sha, Optional.of(ByteRange.closed(10, 19)))) {
            assertThat(part.offset()).isEqualTo(10);
            assertThat(part.length()).isEqualTo(10);
            assertThat(part.size()).isEqualTo(LARGE);
            assertThat(part.whole()).isFalse();
        }
    }

    @Test
    void aRangeStartingPastTheEndIsNotSatisfiable() {
        Sha256 sha = store.put(new ByteArrayInputStream(bytes(100, 8)), Optional.empty(), NO_LIMIT).sha256();

        assertThatThrownBy(() -> store.open(sha, Optional.of(ByteRange.from(100))))
                .isInstanceOfSatisfying(RangeNotSatisfiable.class, e -> assertThat(e.size()).isEqualTo(100));
    }

    @Test
    void concurrentUploadsOfTheSameBytesStoreThemOnceAndOneOfThemSaysNew() throws Exception {
        byte[] content = bytes(LARGE, 9);
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<StoredBlob>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return store.put(new ByteArrayInputStream(content), Optional.of(sha(content)), NO_LIMIT);
                }));
            }
            int created = 0;
            for (Future<StoredBlob> r : results) {
                assertThat(r.get().sha256()).isEqualTo(sha(content));
                created += r.get().created() ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(listed()).containsExactly(sha(content));
        assertThat(read(sha(content), Optional.empty())).isEqualTo(content);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aDeletedBlobIsGoneEverywhere() {
        Sha256 sha = store.put(new ByteArrayInputStream(bytes(100, 10)), Optional.empty(), NO_LIMIT).sha256();

        assertThat(store.delete(sha)).isTrue();
        assertThat(store.delete(sha)).isFalse();
        assertThat(store.stat(sha)).isEmpty();
        assertThat(listed()).isEmpty();
        assertThat(store.verify(sha)).isEqualTo(Verification.MISSING);
        assertThatThrownBy(() -> store.open(sha, Optional.empty()))
                .isInstanceOfSatisfying(NotFound.class, e -> assertThat(e.field()).isEqualTo("sha256"));
    }

    @Test
    void listingNamesEveryStoredBlobAndNoUnfinishedUpload() throws Exception {
        List<Sha256> stored = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] content = bytes(10 + i, 20 + i);
            stored.add(store.put(new ByteArrayInputStream(content), Optional.empty(), NO_LIMIT).sha256());
        }
        InputStream neverEnds = new InputStream() {
            private int left = LARGE;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    throw new IOException("stalled"); // every time: InputStream.read(byte[]) swallows a later one
                }
                left--;
                return 1;
            }
        };
        assertThatThrownBy(() -> store.put(neverEnds, Optional.empty(), NO_LIMIT))
                .isInstanceOf(UncheckedIOException.class);

        assertThat(listed()).containsExactlyInAnyOrderElementsOf(stored);
    }

    @Test
    void verificationFindsABlobCorruptedBehindTheStoresBack() throws Exception {
        byte[] content = bytes(LARGE, 11);
        Sha256 sha = store.put(new ByteArrayInputStream(content), Optional.empty(), NO_LIMIT).sha256();
        assertThat(store.verify(sha)).isEqualTo(Verification.OK);

        corrupt(sha);

        assertThat(store.verify(sha)).isEqualTo(Verification.CORRUPT);
        assertThatThrownBy(() -> read(sha, Optional.empty())).isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt");
    }

    @Test
    void aBlobNobodyStoredIsNotFound() {
        Sha256 absent = sha(bytes(5, 12));

        assertThatThrownBy(() -> store.open(absent, Optional.empty())).isInstanceOf(NotFound.class);
        assertThat(store.stat(absent)).isEmpty();
        assertThat(store.verify(absent)).isEqualTo(Verification.MISSING);
        assertThat(store.delete(absent)).isFalse();
    }

    private void assertNothingStored(Sha256 sha) throws Exception {
        assertThat(store.stat(sha)).isEmpty();
        assertThat(listed()).isEmpty();
        assertThat(leftovers()).isEmpty();
    }

    protected List<Sha256> listed() {
        try (Stream<Sha256> s = store.list()) {
            return s.toList();
        }
    }

    protected byte[] read(Sha256 sha, Optional<ByteRange> range) throws IOException {
        try (BlobContent c = store.open(sha, range)) {
            byte[] all = c.stream().readAllBytes();
            assertThat(all).hasSize((int) c.length());
            return all;
        }
    }

    static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static Sha256 sha(byte[] content) {
        return Sha256.of(Sha256.newDigest().digest(content));
    }

    private static byte[] slice(byte[] content, int from, int length) {
        byte[] out = new byte[length];
        System.arraycopy(content, from, out, 0, length);
        return out;
    }
}
