package io.pedigree.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.javalin.http.Context;
import io.pedigree.error.PedigreeException;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.PayloadTooLarge;
import io.pedigree.lineage.Limits;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a JSON request body as a stream, refusing it with 413 as soon as it passes the size limit, and applying
 * the input rules ({@link CheckedParser}) to every string, name and number in it. Every route reads its body here.
 */
final class JsonBody {

    private final ObjectMapper json;
    private final long maxBytes;
    private final Limits limits;

    JsonBody(ObjectMapper json, long maxBytes, Limits limits) {
        this.json = json;
        this.maxBytes = maxBytes;
        this.limits = limits;
    }

    <T> T read(Context ctx, Class<T> type) throws IOException {
        String contentType = ctx.contentType();
        if (contentType != null && !contentType.toLowerCase(java.util.Locale.ROOT).contains("json")) {
            throw new InvalidInput("Content-Type", "The body must be JSON (application/json), not " + contentType);
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            try (InputStream in = ctx.bodyInputStream()) {
                Overflow.dropIfNear(in, declared, maxBytes);
            }
            throw new PayloadTooLarge("body", "The body is " + declared + " bytes; at most " + maxBytes
                    + " are accepted (PEDIGREE_MAX_BODY_BYTES)");
        }
        try (InputStream in = new Limited(ctx.bodyInputStream(), maxBytes);
             JsonParser parser = new CheckedParser(json.createParser(in), limits)) {
            T value = json.readValue(parser, type);
            if (value == null) {
                throw new InvalidInput("body", "A JSON body is required");
            }
            return value;
        } catch (TooLarge e) {
            throw new PayloadTooLarge("body", "The body is larger than the " + maxBytes
                    + " bytes accepted (PEDIGREE_MAX_BODY_BYTES)");
        } catch (MismatchedInputException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("No content to map")) {
                throw new InvalidInput("body", "A JSON body is required");
            }
            throw unwrapped(e);
        } catch (JsonMappingException e) {
            throw unwrapped(e);
        }
    }

    /** A rule broken inside a bound value reaches here wrapped by the binding; the client is told the rule. */
    private static IOException unwrapped(JsonMappingException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof PedigreeException p) {
                throw p;
            }
        }
        return e;
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("body too large");
        }
    }

    private static final class Limited extends FilterInputStream {
        private final long max;
        private long count;

        Limited(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++count > max) {
                throw new TooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                count += n;
                if (count > max) {
                    throw new TooLarge();
                }
            }
            return n;
        }
    }
}
