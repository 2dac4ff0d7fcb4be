package io.pedigree.api;

import java.io.IOException;
import java.io.InputStream;

/**
 * Refusing a body over the limit without a connection reset. Closing on a client that is still sending resets the
 * connection, and the client sees that instead of its 413; so a body a little over the limit is read and dropped
 * first. A far larger one is not worth reading.
 */
final class Overflow {

    private Overflow() {
    }

    /** Reads and drops a body of {@code declared} bytes when it is at most twice {@code limit}. */
    static void dropIfNear(InputStream body, long declared, long limit) throws IOException {
        if (declared <= 2 * limit) {
            drain(body, declared);
        }
    }

    /** Reads and drops at most {@code bytes} bytes. */
    static void drain(InputStream in, long bytes) throws IOException {
        byte[] buf = new byte[16384];
        long left = bytes;
        int n;
        while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
            left -= n;
        }
    }
}
