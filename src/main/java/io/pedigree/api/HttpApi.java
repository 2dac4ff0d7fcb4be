package io.pedigree.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson;
import io.pedigree.audit.AuditLog;
import io.pedigree.auth.TokenService;
import io.pedigree.config.Config;
import io.pedigree.lineage.GraphWriter;
import io.pedigree.lineage.LineageService;
import io.pedigree.lineage.Limits;
import io.pedigree.lineage.NodeReader;
import io.pedigree.store.Database;

import java.util.function.Consumer;

/** Builds the HTTP side: JSON mapping, access checks, error mapping and the API routes, in one place. */
public final class HttpApi {

    private HttpApi() {
    }

    /**
     * Configures Javalin for the API; {@code more} adds further routes (the browser views) to the same config.
     */
    public static Javalin create(Config config, ObjectMapper json, Database db, GraphWriter writer, NodeReader reader,
                                 LineageService lineage, TokenService tokens, AuditLog audit, Limits limits,
                                 String neo4jDescription, String version, Consumer<JavalinConfig> more) {
        Problems problems = new Problems(json);
        Access access = new Access(tokens, config.authMode());
        ApiRoutes routes = new ApiRoutes(db, writer, reader, lineage, tokens, limits,
                new JsonBody(json, config.maxBodyBytes()), new Health(db, neo4jDescription, version));
        AuditRoutes auditRoutes = new AuditRoutes(audit, routes::consistent);
        return Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.jsonMapper(new JavalinJackson(json, false));
            c.http.maxRequestSize = config.maxBodyBytes();
            c.http.prefer405over404 = true;
            c.jetty.host = config.bind();
            c.jetty.port = config.port();
            c.router.ignoreTrailingSlashes = true;
            c.routes.beforeMatched(access::check);
            c.routes.before(ctx -> {
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("Referrer-Policy", "same-origin");
            });
            problems.register(c);
            routes.register(c);
            auditRoutes.register(c);
            more.accept(c);
        });
    }
}
