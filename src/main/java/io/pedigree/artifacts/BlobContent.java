package io.pedigree.artifacts;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * An open read of a blob: {@code length} bytes from {@code offset} of content {@code size} bytes long, enough
 * for an HTTP answer's {@code Content-Length} and {@code Content-Range}. The caller closes it.
 */
public record BlobContent(InputStream stream, long offset, long length, long size) implements Closeable {

    /** Whether this is the whole content rather than a range of it. */
    public boolean whole() {
        return offset == 0 && length == size;
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
