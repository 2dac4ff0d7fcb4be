package io.pedigree.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.pedigree.audit.AuditLog;
import io.pedigree.audit.Checkpoint;
import io.pedigree.audit.Checkpoints;
import io.pedigree.error.PedigreeException.InvalidInput;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static io.pedigree.api.RequestRules.params;

/**
 * Signed audit checkpoints: list and export them, sign one now, verify the chain against checkpoints held
 * elsewhere, and the public key that checks their signatures at a well-known address anyone may read.
 */
final class CheckpointRoutes {

    static final String PUBLIC_KEY = "/.well-known/pedigree-audit-key.pem";

    private final Checkpoints checkpoints;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final UnaryOperator<Handler> consistent;

    CheckpointRoutes(Checkpoints checkpoints, AuditLog audit, ObjectMapper json, UnaryOperator<Handler> consistent) {
        this.checkpoints = checkpoints;
        this.audit = audit;
        this.json = json;
        this.consistent = consistent;
    }

    void register(JavalinConfig config) {
        var r = config.routes;
        r.get(PUBLIC_KEY, this::publicKey);
        r.get("/api/v1/audit/key", this::publicKey, params());
        r.get("/api/v1/audit/checkpoints", consistent.apply(this::list), Access.READER, params("format"));
        r.post("/api/v1/audit/checkpoints", this::sign, Access.ADMIN, params());
        r.post("/api/v1/audit/verify", consistent.apply(this::verify), Access.READER, params("fromSeq", "toSeq"));
    }

    private void publicKey(Context ctx) {
        ctx.header("X-Pedigree-Key-Id", checkpoints.keyId());
        ctx.contentType("application/x-pem-file").result(checkpoints.publicKeyPem());
    }

    private void list(Context ctx) {
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format").trim();
        List<Checkpoint> all = checkpoints.list();
        switch (format) {
            case "json" -> ctx.json(all);
            case "jsonl" -> {
                StringBuilder out = new StringBuilder();
                all.forEach(c -> out.append(Checkpoints.line(c)).append('\n'));
                ctx.header("Content-Disposition", "attachment; filename=\"pedigree-audit-checkpoints.jsonl\"");
                ctx.contentType("application/x-ndjson; charset=utf-8").result(out.toString());
            }
            default -> throw new InvalidInput("format", "format is json or jsonl");
        }
    }

    private void sign(Context ctx) {
        ctx.status(201).json(checkpoints.sign());
    }

    /** The body is the checkpoints as exported: a JSON array, or JSON Lines as the file sink writes them. */
    private void verify(Context ctx) {
        Long first = seq(ctx, "fromSeq");
        Long last = seq(ctx, "toSeq");
        if (first != null && last != null && last < first) {
            throw new InvalidInput("toSeq", "'toSeq' must not be before 'fromSeq'");
        }
        ctx.json(checkpoints.verify(audit, first == null ? 1 : first, last, parse(ctx.body())));
    }

    List<Checkpoint> parse(String body) {
        List<JsonNode> nodes = new ArrayList<>();
        String text = body == null ? "" : body.strip();
        try {
            if (text.startsWith("[")) {
                json.readTree(text).forEach(nodes::add);
            } else {
                for (String line : text.split("\n")) {
                    if (!line.isBlank()) {
                        nodes.add(json.readTree(line));
                    }
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInput("checkpoints", "The body is not checkpoints as exported (a JSON array, or one JSON"
                    + " object per line): " + e.getOriginalMessage());
        }
        if (nodes.isEmpty()) {
            throw new InvalidInput("checkpoints", "Send at least one checkpoint; GET /api/v1/audit/verify checks the"
                    + " chain against the checkpoints kept in the graph");
        }
        List<Checkpoint> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            out.add(checkpoint(nodes.get(i), "checkpoints[" + i + "]"));
        }
        return out;
    }

    private static Checkpoint checkpoint(JsonNode n, String field) {
        if (!n.isObject()) {
            throw new InvalidInput(field, "A checkpoint is an object with seq, hash, at, keyId and signature");
        }
        JsonNode seq = n.get("seq");
        if (seq == null || !seq.canConvertToLong() || !seq.isIntegralNumber() || seq.asLong() < 0) {
            throw new InvalidInput(field + ".seq", "seq is the number of the event the checkpoint names, 0 or more");
        }
        String hash = text(n, field, "hash");
        if (!hash.matches("[0-9a-f]{64}")) {
            throw new InvalidInput(field + ".hash", "hash is 64 lowercase hex digits");
        }
        Instant at;
        try {
            at = Instant.parse(text(n, field, "at"));
        } catch (DateTimeParseException e) {
            throw new InvalidInput(field + ".at", "at is the time the checkpoint was signed, like"
                    + " 2026-11-30T18:00:00Z");
        }
        return new Checkpoint(seq.asLong(), hash, at, text(n, field, "keyId"), text(n, field, "signature"));
    }

    private static String text(JsonNode n, String field, String name) {
        JsonNode v = n.get(name);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new InvalidInput(field + "." + name, name + " is required, as text");
        }
        return v.asText();
    }

    private static Long seq(Context ctx, String name) {
        Integer v = Params.integer(ctx, name);
        if (v != null && v < 1) {
            throw new InvalidInput(name, "'" + name + "' must be 1 or more, got " + v);
        }
        return v == null ? null : v.longValue();
    }
}
