package io.pedigree.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson;
import io.pedigree.config.Config;

import java.util.function.Consumer;

/** Builds the HTTP side: JSON mapping, access checks, error mapping and the API routes, in one place. */
public final class HttpApi {

    private HttpApi() {
    }

    /**
     * Configures Javalin for the API; {@code more} adds further routes (the browser views) to the same config, and
     * {@code pages} shows errors on those routes as pages.
     */
    public static Javalin create(Config config, ObjectMapper json, Services s, String neo4jDescription,
                                 String version, Consumer<JavalinConfig> more, ErrorPage pages) {
        Problems problems = new Problems(json, pages);
        Access access = new Access(s.tokens(), config.authMode());
        JsonBody body = new JsonBody(json, config.maxBodyBytes());
        Consistency consistency = new Consistency(s.db());
        ApiRoutes routes = new ApiRoutes(s.db(), s.writer(), s.reader(), s.lineage(), s.tokens(), s.limits(), body,
                new Health(s.db(), neo4jDescription, version));
        RegistryRoutes registry = new RegistryRoutes(s.registry(), s.evaluations(), s.comparisons(), s.gates(),
                s.lifecycle(), s.quarantines(), body, consistency);
        GovernanceRoutes governance = new GovernanceRoutes(s.quarantines(), s.deployments(), body, consistency);
        ArtifactRoutes artifactRoutes = new ArtifactRoutes(s.artifacts(), body, consistency,
                config.artifacts().maxBytes());
        AuditRoutes auditRoutes = new AuditRoutes(s.audit(), consistency::wrap);
        OpenLineageRoutes openLineage = new OpenLineageRoutes(s.openLineage(), config.maxBodyBytes(), consistency);
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
            registry.register(c);
            governance.register(c);
            auditRoutes.register(c);
            artifactRoutes.register(c);
            openLineage.register(c);
            more.accept(c);
        });
    }
}
