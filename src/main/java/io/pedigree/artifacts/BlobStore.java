package io.pedigree.artifacts;

import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.error.PedigreeException.PayloadTooLarge;
import io.pedigree.error.PedigreeException.Unprocessable;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Content-addressed storage of artifact bytes: a blob's name is the SHA-256 of its content, so the same bytes are
 * stored once and a name never points at other bytes. Implementations stream; none holds a blob in memory.
 * Failures of the storage itself surface as {@link UncheckedIOException} or the backend's own runtime errors.
 */
public interface BlobStore extends AutoCloseable {

    /**
     * Stores {@code content} (read to its end, not closed) and answers its digest. Nothing becomes visible unless
     * the whole content was read and, when {@code expected} is given, hashes to it; storing bytes that are already
     * there changes nothing and answers {@code created = false}. Safe to call concurrently, with the same content too.
     *
     * @throws Unprocessable   when the content's SHA-256 is not {@code expected}
     * @throws PayloadTooLarge when the content is longer than {@code maxBytes}
     * @throws UncheckedIOException when reading {@code content} fails (an upload cut off) or the storage fails
     */
    StoredBlob put(InputStream content, Optional<Sha256> expected, long maxBytes);

    /**
     * Opens the blob, or the part of it {@code range} selects. Reading a whole blob re-checks its digest: a stream
     * over corrupt bytes fails with an {@link java.io.IOException} at its end instead of ending normally.
     *
     * @throws NotFound when no blob has that digest
     * @throws io.pedigree.error.PedigreeException.RangeNotSatisfiable when the range lies outside the content
     */
    BlobContent open(Sha256 sha256, Optional<ByteRange> range);

    /** The blob's size and time of storage, or empty when it is not stored. */
    Optional<BlobInfo> stat(Sha256 sha256);

    /** Removes the blob; answers whether it was there. */
    boolean delete(Sha256 sha256);

    /** Every stored digest, in no particular order; never a half-written upload. The caller closes the stream. */
    Stream<Sha256> list();

    /** Re-reads the whole blob and compares its digest with its name. */
    Verification verify(Sha256 sha256);

    /** Releases what the store holds (threads, locks); it is not used afterwards. */
    @Override
    void close();
}
