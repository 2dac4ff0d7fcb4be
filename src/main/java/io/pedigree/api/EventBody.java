package io.pedigree.api;

import io.javalin.http.Context;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.PayloadTooLarge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads an OpenLineage request body as UTF-8 text, inflating {@code Content-Encoding: gzip} (which the Java
 * client sends chunked, without a length) and applying the body limit to the inflated size, so a small
 * compressed bomb is a 413 after at most the limit's worth of bytes, never an out-of-memory.
 */
final class EventBody {

    private final long maxBytes;

    EventBody(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    String read(Context ctx) throws IOException {
        String type = ctx.contentType();
        if (type != null && !type.toLowerCase(Locale.ROOT).contains("json")) {
            throw new InvalidInput("Content-Type", "The body must be JSON (application/json or application/x-ndjson),"
                    + " not " + type);
        }
        String encoding = ctx.header("Content-Encoding");
        boolean gzip = false;
        if (encoding != null && !encoding.isBlank() && !encoding.equalsIgnoreCase("identity")) {
            if (!encoding.trim().equalsIgnoreCase("gzip") && !encoding.trim().equalsIgnoreCase("x-gzip")) {
                throw new InvalidInput("Content-Encoding", "Only gzip request bodies are accepted, not " + encoding);
            }
            gzip = true;
        }
        long declared = ctx.req().getContentLengthLong();
        if (!gzip && declared > maxBytes) {
            try (InputStream raw = ctx.req().getInputStream()) {
                Overflow.dropIfNear(raw, declared, maxBytes);
            }
            throw tooLarge();
        }
        byte[] bytes;
        try (InputStream raw = ctx.req().getInputStream()) {
            InputStream in = gzip ? new GZIPInputStream(raw, 8192) : raw;
            try {
                bytes = readLimited(in);
            } catch (PayloadTooLarge big) {
                // A compressed body can pass the limit inflated while most of it is still on the wire: read the rest
                // (bounded by the limit) so the client gets its 413 rather than a connection reset mid-upload.
                if (gzip) {
                    Overflow.drain(raw, maxBytes);
                }
                throw big;
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new InvalidInput("Content-Encoding", "The body is not valid gzip: " + e.getMessage());
        }
        if (bytes.length == 0) {
            throw new InvalidInput("$", "A JSON body is required");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInput("$", "The body is not valid UTF-8");
        }
    }

    private byte[] readLimited(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > maxBytes) {
                throw tooLarge();
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private PayloadTooLarge tooLarge() {
        return new PayloadTooLarge("body", "The body is larger than the " + maxBytes
                + " bytes accepted (PEDIGREE_MAX_BODY_BYTES), counted after gzip is inflated");
    }
}
