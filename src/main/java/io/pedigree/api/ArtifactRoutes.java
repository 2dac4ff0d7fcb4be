package io.pedigree.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.pedigree.artifacts.Artifact;
import io.pedigree.artifacts.Artifacts;
import io.pedigree.artifacts.Attachment;
import io.pedigree.artifacts.BlobContent;
import io.pedigree.artifacts.ByteRange;
import io.pedigree.artifacts.FileNames;
import io.pedigree.artifacts.Sha256;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.PayloadTooLarge;
import io.pedigree.lineage.NodeKey;

import java.io.EOFException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.pedigree.api.RequestRules.params;

/**
 * Artifacts over HTTP: streamed uploads named by their SHA-256, downloads with ranges and ETags, attachments to
 * nodes, deletion, verification and garbage collection. Stored content is only ever offered as a download.
 */
final class ArtifactRoutes {

    private static final String ARTIFACT = "/api/v1/artifacts/{sha256}";
    private static final Pattern SINGLE_RANGE = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");
    // Types a browser would render or run; they are offered as plain bytes instead.
    private static final Set<String> ACTIVE = Set.of("text/html", "application/xhtml+xml", "image/svg+xml",
            "text/xml", "application/xml", "text/javascript", "application/javascript", "application/ecmascript",
            "text/ecmascript", "application/x-shockwave-flash", "application/pdf");

    private final Artifacts artifacts;
    private final JsonBody body;
    private final Consistency consistency;
    private final long maxBytes;

    ArtifactRoutes(Artifacts artifacts, JsonBody body, Consistency consistency, long maxBytes) {
        this.artifacts = artifacts;
        this.body = body;
        this.consistency = consistency;
        this.maxBytes = maxBytes;
    }

    void register(JavalinConfig config) {
        var r = config.routes;
        var c = consistency;
        Access.Needs reader = Access.READER;
        Access.Needs writer = Access.WRITER;
        Access.Needs admin = Access.ADMIN;

        r.post("/api/v1/artifacts", c.wrap(this::upload), writer, params("sha256", "key", "role", "fileName"));
        r.get("/api/v1/artifacts", c.wrap(ctx -> ctx.json(artifacts.of(Params.key(ctx, "key")))), reader, params("key"));
        r.get(ARTIFACT, c.wrap(ctx -> download(ctx, true)), reader, params("name"));
        r.head(ARTIFACT, c.wrap(ctx -> download(ctx, false)), reader, params("name"));
        r.delete(ARTIFACT, c.wrap(this::delete), admin, params("reason"));
        r.get(ARTIFACT + "/info", c.wrap(this::info), reader);
        r.post(ARTIFACT + "/attachments", c.wrap(this::attach), writer);
        r.get(ARTIFACT + "/verify", c.wrap(ctx -> ctx.json(Map.of("sha256", sha(ctx).hex(), "result",
                artifacts.verify(sha(ctx)).name().toLowerCase(Locale.ROOT)))), reader);
        r.post("/api/v1/admin/artifacts/verify", c.wrap(ctx -> ctx.json(artifacts.verifyAll())), admin);
        r.post("/api/v1/admin/artifacts/gc", c.wrap(this::gc), admin);
    }

    /** Reads the body as the content, straight from the request, however large; JSON is never involved. */
    private void upload(Context ctx) throws Exception {
        Optional<Sha256> expected = Optional.ofNullable(Params.optional(ctx, "sha256"))
                .map(v -> Sha256.parse("sha256", v));
        NodeKey attachTo = Params.optionalKey(ctx, "key");
        String role = Params.optional(ctx, "role");
        String fileName = FileNames.check("fileName", ctx.queryParam("fileName"));
        if (attachTo == null && (role != null || fileName != null)) {
            throw new InvalidInput("key", "role and fileName attach the upload to a node: name it with key");
        }
        if (attachTo != null) {
            role = role == null ? "file" : role;
            artifacts.checkAttachment(attachTo, role, fileName);
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw new PayloadTooLarge("body", "The upload declares " + declared + " bytes; at most " + maxBytes
                    + " are accepted (PEDIGREE_MAX_ARTIFACT_BYTES)");
        }
        Artifact stored;
        try {
            stored = artifacts.upload(ctx.req().getInputStream(), expected, ctx.contentType(), maxBytes, actor(ctx));
        } catch (UncheckedIOException e) {
            if (endedEarly(e)) {
                // The client's fault, not ours: no error log, and the client is told why (if it still listens).
                throw new InvalidInput("body", "The body ended before " + (declared < 0 ? "its last chunk"
                        : "the " + declared + " bytes it declared") + "; nothing was stored");
            }
            throw e;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("artifact", stored);
        if (attachTo != null) {
            out.put("attachments", artifacts.attach(attachTo, Sha256.parse("sha256", stored.sha256()), role,
                    fileName, actor(ctx)));
        }
        consistency.bookmark(ctx);
        ctx.header("Location", "/api/v1/artifacts/" + stored.sha256()).header("ETag", etag(stored.sha256()));
        ctx.status(stored.created() ? 201 : 200).json(out);
    }

    private void download(Context ctx, boolean withBody) throws Exception {
        Sha256 sha = sha(ctx);
        Artifact a = artifacts.get(sha);
        String etag = etag(a.sha256());
        ctx.header("ETag", etag);
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("Cache-Control", "private, max-age=31536000, immutable");
        ctx.header("Content-Security-Policy", "default-src 'none'; sandbox");
        ctx.header("Content-Disposition", disposition(ctx, a));
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        Optional<ByteRange> range = range(ctx.header("Range"));
        String type = a.mediaType() == null || active(a.mediaType()) ? "application/octet-stream" : a.mediaType();
        if (!withBody) {
            artifacts.stored(sha);
            ctx.contentType(type).header("Content-Length", Long.toString(a.size())).status(200);
            return;
        }
        BlobContent content = artifacts.open(sha, range);
        ctx.disableCompression();
        ctx.contentType(type).header("Content-Length", Long.toString(content.length()));
        if (!content.whole()) {
            ctx.status(206).header("Content-Range", "bytes " + content.offset() + "-"
                    + (content.offset() + content.length() - 1) + "/" + content.size());
        }
        ctx.result(content.stream());
    }

    private void info(Context ctx) {
        Sha256 sha = sha(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("artifact", artifacts.get(sha));
        out.put("usedBy", artifacts.users(sha));
        ctx.json(out);
    }

    private void attach(Context ctx) throws Exception {
        AttachBody b = body.read(ctx, AttachBody.class);
        if (b.key() == null) {
            throw new InvalidInput("key", "key names the node to attach the artifact to");
        }
        List<Attachment> out = artifacts.attach(NodeKey.parse("key", b.key()), sha(ctx), b.role(), b.fileName(),
                actor(ctx));
        consistency.bookmark(ctx);
        ctx.json(out);
    }

    private void delete(Context ctx) {
        artifacts.delete(sha(ctx), Params.optional(ctx, "reason"), actor(ctx));
        consistency.bookmark(ctx);
        ctx.json(Map.of("deleted", sha(ctx).hex()));
    }

    private void gc(Context ctx) throws Exception {
        GcBody b = ctx.req().getContentLengthLong() > 0 ? body.read(ctx, GcBody.class) : new GcBody(null, null);
        int minutes = b.olderThanMinutes() == null ? 60 : b.olderThanMinutes();
        if (minutes < 0) {
            throw new InvalidInput("olderThanMinutes", "olderThanMinutes is not negative");
        }
        ctx.json(artifacts.collectGarbage(b.dryRun() == null || b.dryRun(), Duration.ofMinutes(minutes),
                actor(ctx)));
    }

    record AttachBody(String key, String role, String fileName) {
    }

    /** Garbage collection is a dry run unless told otherwise. */
    record GcBody(Boolean dryRun, Integer olderThanMinutes) {
    }

    /**
     * One byte range, as HTTP allows; anything else (several ranges, another unit, nonsense) is ignored and the
     * whole content sent, as RFC 9110 permits.
     */
    static Optional<ByteRange> range(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SINGLE_RANGE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                return suffix == 0 ? Optional.empty() : Optional.of(ByteRange.suffix(suffix));
            }
            long first = Long.parseLong(m.group(1));
            if (m.group(2).isEmpty()) {
                return Optional.of(ByteRange.from(first));
            }
            long last = Long.parseLong(m.group(2));
            return last < first ? Optional.empty() : Optional.of(ByteRange.closed(first, last));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Always an attachment; the name from {@code ?name=}, else the content's digest. */
    private static String disposition(Context ctx, Artifact a) {
        String name = FileNames.check("name", ctx.queryParam("name"));
        if (name == null) {
            name = a.sha256();
        }
        return "attachment; filename=\"" + FileNames.ascii(name) + "\"; filename*=UTF-8''"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // Browsers treat every +xml type as XML, which may carry XHTML and its scripts.
    private static boolean active(String mediaType) {
        return ACTIVE.contains(mediaType) || mediaType.endsWith("+xml");
    }

    private static boolean endedEarly(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException) {
                return true;
            }
        }
        return false;
    }

    private static Sha256 sha(Context ctx) {
        return Sha256.parse("sha256", ctx.pathParam("sha256"));
    }

    private static String etag(String hex) {
        return "\"" + hex + "\"";
    }

    private static String actor(Context ctx) {
        return Access.principal(ctx).name();
    }
}
