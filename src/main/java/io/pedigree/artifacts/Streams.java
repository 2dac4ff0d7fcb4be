package io.pedigree.artifacts;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Input stream wrappers the backends share: a length cap, and a digest check at the end of a whole read. */
final class Streams {

    static final int TRANSFER_BUFFER = 256 << 10;

    private Streams() {
    }

    // InputStream.transferTo moves 8 KiB at a time; for gigabytes, fewer and larger reads and writes pay off.
    private static long copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[TRANSFER_BUFFER];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    /** At most {@code length} bytes of {@code in}. */
    static InputStream limited(InputStream in, long length) {
        return new FilterInputStream(in) {
            private long left = length;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(Math.min(n, left));
                left -= skipped;
                return skipped;
            }

            @Override
            public int available() throws IOException {
                return (int) Math.min(super.available(), left);
            }

            @Override
            public long transferTo(OutputStream out) throws IOException {
                return copy(this, out);
            }

            @Override
            public boolean markSupported() {
                return false;
            }
        };
    }

    /**
     * The whole content of blob {@code expected}, {@code length} bytes, hashed as it is read: instead of the last
     * bytes, a reader of corrupt content gets an {@link IOException}. Holding back the end matters: a client that
     * received every byte a {@code Content-Length} promised would take damaged content for intact. Skipping turns
     * the check off, since skipped bytes are not hashed.
     */
    static InputStream verifying(InputStream in, Sha256 expected, long length) {
        return new FilterInputStream(in) {
            private final MessageDigest digest = Sha256.newDigest();
            private long seen;
            private boolean checking = true;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (!checking) {
                    return n;
                }
                if (n > 0) {
                    digest.update(b, off, n);
                    seen += n;
                }
                if (n < 0 || seen >= length) {
                    check();
                }
                return n;
            }

            private void check() throws IOException {
                checking = false;
                Sha256 actual = Sha256.of(digest.digest());
                if (!actual.equals(expected)) {
                    throw new IOException("Stored blob " + expected + " is corrupt: its bytes hash to " + actual);
                }
            }

            @Override
            public long skip(long n) throws IOException {
                checking = false;
                return super.skip(n);
            }

            @Override
            public long transferTo(OutputStream out) throws IOException {
                return copy(this, out);
            }

            @Override
            public boolean markSupported() {
                return false;
            }
        };
    }
}
