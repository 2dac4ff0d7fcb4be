package io.pedigree.bench;

import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * A seeded stream of pseudo-random bytes of a given length, made as it is read, so gigabytes of test content need
 * neither disk nor memory; it hashes what it hands out, to compare with what a store says it received.
 */
public final class RandomBytes extends InputStream {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final SplittableRandom random;
    private final MessageDigest digest;
    private long left;
    private long word;
    private int wordBytes;

    public RandomBytes(long length, long seed) {
        this.random = new SplittableRandom(seed);
        this.left = length;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (left <= 0) {
            return -1;
        }
        int n = (int) Math.min(len, left);
        int i = off;
        int end = off + n;
        while (i < end && wordBytes > 0) {
            b[i++] = next();
        }
        for (; i + 8 <= end; i += 8) {
            LONGS.set(b, i, random.nextLong());
        }
        while (i < end) {
            b[i++] = next();
        }
        digest.update(b, off, n);
        left -= n;
        return n;
    }

    private byte next() {
        if (wordBytes == 0) {
            word = random.nextLong();
            wordBytes = 8;
        }
        byte out = (byte) word;
        word >>>= 8;
        wordBytes--;
        return out;
    }

    /** The SHA-256, in lowercase hex, of the bytes read so far (all of them, once the stream has ended). */
    public String sha256Hex() {
        try {
            return java.util.HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
