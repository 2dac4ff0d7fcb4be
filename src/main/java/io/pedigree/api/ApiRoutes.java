package io.pedigree.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.pedigree.auth.IssuedToken;
import io.pedigree.auth.Principal;
import io.pedigree.auth.Role;
import io.pedigree.auth.TokenService;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.lineage.Direction;
import io.pedigree.lineage.GraphWriter;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.LineageService;
import io.pedigree.lineage.Limits;
import io.pedigree.lineage.NodeInput;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.NodeQuery;
import io.pedigree.lineage.NodeReader;
import io.pedigree.lineage.RelationInput;
import io.pedigree.lineage.RelationType;
import io.pedigree.lineage.WriteSummary;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import static io.pedigree.api.RequestRules.params;

/** The HTTP API under {@code /api/v1}: thin handlers that parse input, call a service, and write its answer. */
final class ApiRoutes {

    private final GraphWriter writer;
    private final NodeReader reader;
    private final LineageService lineage;
    private final TokenService tokens;
    private final Limits limits;
    private final JsonBody body;
    private final Health health;
    private final Consistency consistency;
    // Dataset names that symlinks made aliases answer for their canonical dataset.
    private final UnaryOperator<NodeKey> canonical;

    ApiRoutes(Consistency consistency, GraphWriter writer, NodeReader reader, LineageService lineage, TokenService tokens,
              Limits limits, JsonBody body, Health health, UnaryOperator<NodeKey> canonical) {
        this.writer = writer;
        this.reader = reader;
        this.lineage = lineage;
        this.tokens = tokens;
        this.limits = limits;
        this.body = body;
        this.health = health;
        this.consistency = consistency;
        this.canonical = canonical;
    }

    void register(JavalinConfig config) {
        var r = config.routes;
        Access.Needs reader = Access.READER;
        Access.Needs writer = Access.WRITER;
        Access.Needs admin = Access.ADMIN;

        r.get("/api/v1/health", health::handle);
        r.get("/api/openapi.json", ctx -> ctx.contentType("application/json")
                .result(ApiRoutes.class.getResourceAsStream("/openapi.json")));

        r.get("/api/v1/whoami", consistent(this::whoami), reader);
        r.get("/api/v1/model", consistent(this::model), reader);
        r.get("/api/v1/node", consistent(this::node), reader, params("key"));
        r.get("/api/v1/nodes", consistent(this::nodes), reader,
                params("kind", "q", "prefix", "property", "value", "owner", "cursor", "limit"));
        r.get("/api/v1/lineage", consistent(this::lineage), reader,
                params("key", "direction", "depth", "kinds", "maxNodes", "asOf"));
        r.get("/api/v1/impact", consistent(this::impact), reader, params("key", "depth", "kinds", "maxNodes", "asOf"));
        r.get("/api/v1/path", consistent(this::path), reader,
                params("from", "to", "maxDepth", "limit", "asOf"));

        r.put("/api/v1/nodes", consistent(this::putNode), writer);
        r.post("/api/v1/relations", consistent(this::postRelation), writer);
        r.post("/api/v1/relations/close", consistent(this::closeRelation), writer);
        r.post("/api/v1/batch", consistent(this::batch), writer);

        r.get("/api/v1/admin/tokens", this::listTokens, admin, params("includeRevoked"));
        r.post("/api/v1/admin/tokens", this::createToken, admin);
        r.delete("/api/v1/admin/tokens/{id}", this::revokeToken, admin);
    }

    private Handler consistent(Handler h) {
        return consistency.wrap(h);
    }

    private void whoami(Context ctx) {
        Principal p = Access.principal(ctx);
        ctx.json(Map.of("principal", p.name(), "roles", p.roles().stream().map(Role::id).sorted().toList()));
    }

    private void model(Context ctx) {
        List<Map<String, Object>> kinds = Arrays.stream(Kind.values()).map(k -> Map.<String, Object>of(
                "kind", k.id(), "versioned", k.versioned(), "immutable", k.immutable())).toList();
        List<Map<String, Object>> relations = Arrays.stream(RelationType.values())
                .map(t -> Map.<String, Object>of("type", t.name(), "lineage", t.lineage(),
                        "from", t.allowedFrom().stream().map(Kind::id).toList(),
                        "to", t.allowedTo().stream().map(Kind::id).toList()))
                .toList();
        ctx.json(Map.of("kinds", kinds, "relations", relations));
    }

    private void node(Context ctx) {
        NodeKey asked = Params.key(ctx, "key");
        NodeKey key = canonical.apply(asked);
        if (!key.equals(asked)) {
            ctx.header("Content-Location", "/api/v1/node?key=" + java.net.URLEncoder.encode(key.toString(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        ctx.json(reader.get(key));
    }

    private void nodes(Context ctx) {
        String property = Params.optional(ctx, "property");
        String value = Params.optional(ctx, "value");
        if ((property == null) != (value == null)) {
            throw new InvalidInput(property == null ? "property" : "value",
                    "'property' and 'value' go together: property=team&value=fraud");
        }
        String kind = Params.optional(ctx, "kind");
        NodeKey owner = Params.optionalKey(ctx, "owner");
        ctx.json(reader.list(new NodeQuery(kind == null ? null : Kind.parse("kind", kind), Params.optional(ctx, "q"),
                Params.optional(ctx, "prefix"), property, value, owner, Params.optional(ctx, "cursor"),
                Params.bounded(ctx, "limit", 50, 1, 1000))));
    }

    // Lineage, impact and path resolve an alias to its canonical dataset in their own transaction.
    private void lineage(Context ctx) {
        NodeKey key = Params.key(ctx, "key");
        Direction direction = Direction.parse("direction", ctx.queryParam("direction"));
        // The usual default of 5, unless the server allows less: a client that did not ask is not refused.
        int depth = lineage.depth("depth", Params.integer(ctx, "depth"), Math.min(5, limits.maxDepth()));
        int maxNodes = lineage.maxNodes("maxNodes", Params.integer(ctx, "maxNodes"));
        JsonAnswers.write(ctx, lineage.lineage(key, direction, depth, Params.kinds(ctx, "kinds"), maxNodes,
                Params.instant(ctx, "asOf")));
    }

    private void impact(Context ctx) {
        NodeKey key = Params.key(ctx, "key");
        int depth = lineage.depth("depth", Params.integer(ctx, "depth"), limits.maxDepth());
        int maxNodes = lineage.maxNodes("maxNodes", Params.integer(ctx, "maxNodes"));
        JsonAnswers.write(ctx, lineage.impact(key, depth, Params.kinds(ctx, "kinds"), maxNodes,
                Params.instant(ctx, "asOf")));
    }

    private void path(Context ctx) {
        NodeKey from = Params.key(ctx, "from");
        NodeKey to = Params.key(ctx, "to");
        int depth = lineage.depth("maxDepth", Params.integer(ctx, "maxDepth"), limits.maxDepth());
        int limit = Params.bounded(ctx, "limit", 10, 1, 100);
        JsonAnswers.write(ctx, lineage.paths(from, to, depth, limit, Params.instant(ctx, "asOf")));
    }

    private void putNode(Context ctx) throws Exception {
        Bodies.NodeBody b = body.read(ctx, Bodies.NodeBody.class);
        NodeInput input = b.toInput("", limits);
        WriteSummary s = writer.writeNode(input, Access.principal(ctx).name());
        answerWrite(ctx, s, "key", input.key().toString(), s.nodes());
    }

    private void postRelation(Context ctx) throws Exception {
        Bodies.RelationBody b = body.read(ctx, Bodies.RelationBody.class);
        RelationInput input = b.toInput("", limits);
        WriteSummary s = writer.writeRelation(input, Access.principal(ctx).name());
        answerWrite(ctx, s, "type", input.type().name(), s.relations());
    }

    private void closeRelation(Context ctx) throws Exception {
        Bodies.CloseBody b = body.read(ctx, Bodies.CloseBody.class);
        writer.closeRelation(NodeKey.parse("from", b.from()), RelationType.parse("type", b.type()),
                NodeKey.parse("to", b.to()), b.atInstant(), Access.principal(ctx).name());
        bookmark(ctx);
        ctx.json(Map.of("closed", true));
    }

    private void batch(Context ctx) throws Exception {
        Bodies.BatchBody b = body.read(ctx, Bodies.BatchBody.class);
        WriteSummary s = writer.write(b.toBatch(limits), Access.principal(ctx).name());
        bookmark(ctx);
        ctx.json(s);
    }

    private void answerWrite(Context ctx, WriteSummary s, String name, String value, WriteSummary.Counts c) {
        String outcome = c.created() > 0 ? "created" : c.updated() > 0 ? "updated" : "unchanged";
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(name, value);
        out.put("outcome", outcome);
        bookmark(ctx);
        ctx.status(c.created() > 0 ? 201 : 200).json(out);
    }

    private void bookmark(Context ctx) {
        consistency.bookmark(ctx);
    }

    private void listTokens(Context ctx) {
        ctx.json(tokens.list("true".equals(ctx.queryParam("includeRevoked"))));
    }

    private void createToken(Context ctx) throws Exception {
        Bodies.TokenBody b = body.read(ctx, Bodies.TokenBody.class);
        IssuedToken t = tokens.create(b.principal(), b.roleSet(), b.description(),
                b.expiresAt() == null ? null : Params.instant("expiresAt", b.expiresAt()),
                Access.principal(ctx).name());
        ctx.status(201).json(t);
    }

    private void revokeToken(Context ctx) {
        ctx.json(tokens.revoke(ctx.pathParam("id"), Access.principal(ctx).name()));
    }
}
