package io.pedigree.artifacts;

import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.RangeNotSatisfiable;

/**
 * A requested part of a blob, shaped like one HTTP byte range: {@code first-last}, {@code first-} or the
 * suffix {@code -length}. Which bytes it means depends on the blob's size; see {@link #resolve(long)}.
 */
public record ByteRange(long first, long last, long suffixLength) {

    private static final long OPEN = -1;

    public ByteRange {
        boolean valid = first == OPEN
                ? last == OPEN && suffixLength >= 1
                : first >= 0 && suffixLength == OPEN && (last == OPEN || last >= first);
        if (!valid) {
            throw new InvalidInput("range", "Not a byte range: first " + first + ", last " + last
                    + ", suffix " + suffixLength);
        }
    }

    /** Bytes {@code first} to {@code last}, both included (HTTP {@code bytes=first-last}). */
    public static ByteRange closed(long first, long last) {
        return new ByteRange(first, last, OPEN);
    }

    /** Bytes from {@code first} to the end (HTTP {@code bytes=first-}). */
    public static ByteRange from(long first) {
        return new ByteRange(first, OPEN, OPEN);
    }

    /** The last {@code length} bytes (HTTP {@code bytes=-length}). */
    public static ByteRange suffix(long length) {
        return new ByteRange(OPEN, OPEN, length);
    }

    /**
     * The bytes this range selects in content of {@code size} bytes, cut at the end as HTTP does; a range that
     * starts at or past the end (or any range of empty content) selects nothing and is refused.
     */
    public Slice resolve(long size) {
        if (first == OPEN) {
            if (size == 0) {
                throw new RangeNotSatisfiable(size, "The content is empty, so it has no last bytes");
            }
            long length = Math.min(suffixLength, size);
            return new Slice(size - length, length);
        }
        if (first >= size) {
            throw new RangeNotSatisfiable(size, "The range starts at byte " + first + " but the content has "
                    + size + " bytes");
        }
        long end = last == OPEN ? size - 1 : Math.min(last, size - 1);
        return new Slice(first, end - first + 1);
    }

    /** A resolved range: {@code length} bytes from {@code offset}. */
    public record Slice(long offset, long length) {
        public long last() {
            return offset + length - 1;
        }
    }
}
