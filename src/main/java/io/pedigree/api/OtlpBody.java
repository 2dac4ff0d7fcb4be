package io.pedigree.api;

import io.javalin.http.Context;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.PayloadTooLarge;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads an OTLP/HTTP request body as bytes (JSON or protobuf), inflating gzip, which the Collector's exporter
 * sends by default, with the body limit applied to the inflated size.
 */
final class OtlpBody {

    private final long maxBytes;

    OtlpBody(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    byte[] read(Context ctx) throws IOException {
        String encoding = ctx.header("Content-Encoding");
        boolean gzip = encoding != null && (encoding.trim().equalsIgnoreCase("gzip")
                || encoding.trim().equalsIgnoreCase("x-gzip"));
        if (!gzip && encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            throw new InvalidInput("Content-Encoding", "Only gzip request bodies are accepted, not " + encoding);
        }
        try (InputStream raw = ctx.req().getInputStream();
             InputStream in = gzip ? new GZIPInputStream(raw, 8192) : raw) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new PayloadTooLarge("body", "The body is larger than the " + maxBytes
                        + " bytes accepted (PEDIGREE_MAX_BODY_BYTES)");
            }
            return bytes;
        } catch (ZipException | java.io.EOFException e) {
            throw new InvalidInput("Content-Encoding", "The body is not valid gzip: " + e.getMessage());
        }
    }
}
