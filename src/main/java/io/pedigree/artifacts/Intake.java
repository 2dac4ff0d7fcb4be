package io.pedigree.artifacts;

import io.pedigree.error.PedigreeException.PayloadTooLarge;
import io.pedigree.error.PedigreeException.Unprocessable;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Reads an upload chunk by chunk, hashing and counting what passes, and refuses it as soon as it is longer than
 * allowed, so an oversized upload is never read to its end.
 */
final class Intake {

    static final String FIELD = "sha256";

    private final InputStream in;
    private final long maxBytes;
    private final MessageDigest digest = Sha256.newDigest();
    private long size;

    Intake(InputStream in, long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative");
        }
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** Fills {@code buffer} from its start until it is full or the content ends; answers 0 only at the end. */
    int fill(byte[] buffer) throws IOException {
        int filled = 0;
        while (filled < buffer.length) {
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        size += filled;
        if (size > maxBytes) {
            throw new PayloadTooLarge("content", "The content is larger than the limit of " + maxBytes + " bytes");
        }
        digest.update(buffer, 0, filled);
        return filled;
    }

    long size() {
        return size;
    }

    /** The digest of everything read; refuses it when the client announced another. */
    Sha256 finish(Optional<Sha256> expected) {
        Sha256 actual = Sha256.of(digest.digest());
        if (expected.isPresent() && !expected.get().equals(actual)) {
            throw new Unprocessable(FIELD, "The content's SHA-256 is " + actual + ", not the expected "
                    + expected.get());
        }
        return actual;
    }
}
