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
    public static Javalin create(Config config, ObjectMapper json, Services s, String version,
                                 Consumer<JavalinConfig> more, ErrorPage pages) {
        Problems problems = new Problems(json, pages);
        Access access = new Access(s.tokens(), s.sso(), config.authMode());
        RequestRules rules = new RequestRules(s.limits());
        JsonBody body = new JsonBody(json, config.maxBodyBytes(), s.limits());
        Consistency consistency = new Consistency(s.bookmarks());
        AppliedFirst appliedFirst = new AppliedFirst(s.openLineage());
        ApiRoutes routes = new ApiRoutes(consistency, s.writer(), s.reader(), s.lineage(), s.tokens(), s.limits(), body,
                new Health(s.status(), version), s.openLineage()::canonical);
        RegistryRoutes registry = new RegistryRoutes(s.registry(), s.models(), s.versions(), s.evaluations(),
                s.comparisons(), s.gates(), s.lifecycle(), s.quarantines(), body, consistency);
        GovernanceRoutes governance = new GovernanceRoutes(s.quarantines(), s.deployments(), s.serving(),
                s.rollbacks(), body, consistency);
        ArtifactRoutes artifactRoutes = new ArtifactRoutes(s.artifacts(), body, consistency,
                config.artifacts().maxBytes());
        AuditRoutes auditRoutes = new AuditRoutes(s.audit(), s.checkpoints(), consistency::wrap);
        CheckpointRoutes checkpointRoutes = new CheckpointRoutes(s.checkpoints(), s.audit(), json, consistency::wrap);
        EvidenceRoutes evidence = new EvidenceRoutes(s.evidence(), consistency::wrap);
        CorrectionRoutes corrections = new CorrectionRoutes(s.retractions(), s.personalData(), body, consistency);
        OpenLineageRoutes openLineage = new OpenLineageRoutes(s.openLineage(), config.maxBodyBytes(), consistency);
        ProvRoutes prov = new ProvRoutes(s.prov(), s.lineage(), s.limits(), body, consistency,
                s.openLineage()::canonical);
        FieldRoutes fields = new FieldRoutes(s.fieldWriter(), s.fieldQueries(), s.limits(), body, consistency);
        MlflowArgs mlflowArgs = new MlflowArgs(json);
        MlflowRoutes mlflow = new MlflowRoutes(s.mlflow().models(), s.mlflow().versions(), mlflowArgs, consistency);
        MlflowTrackingRoutes tracking = new MlflowTrackingRoutes(s.mlflow().experiments(), s.mlflow().runs(),
                mlflowArgs, consistency);
        MlflowArtifactRoutes mlflowArtifacts = new MlflowArtifactRoutes(s.mlflow().artifacts(), consistency,
                config.artifacts().maxBytes());
        ObservabilityRoutes observability = new ObservabilityRoutes(s.measurements(), body, consistency,
                new OtlpBody(config.maxBodyBytes()), json, s.limits());
        IncidentRoutes incidents = new IncidentRoutes(s.incidents(), s.changes(), body, consistency);
        WebhookRoutes webhooks = new WebhookRoutes(s.webhooks(), body, consistency);
        AlertRoutes alerts = new AlertRoutes(s.alerts(), body, consistency);
        ExportRoutes exports = new ExportRoutes(s.backups(), config.imports());
        return Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.jsonMapper(new JavalinJackson(json, false));
            c.http.maxRequestSize = config.maxBodyBytes();
            c.http.prefer405over404 = true;
            c.jetty.host = config.bind();
            c.jetty.port = config.port();
            // Jetty answers some requests before any route runs: at server level (unparsable requests) and in the
            // servlet context (ambiguous paths); both answer like the rest of the API.
            c.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors(json)));
            c.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JettyErrors(json)));
            c.router.ignoreTrailingSlashes = true;
            c.routes.beforeMatched(access::check);
            c.routes.beforeMatched(rules::check);
            c.routes.beforeMatched(appliedFirst::check);
            c.routes.before(ctx -> {
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("Referrer-Policy", "same-origin");
            });
            c.routes.before(rules::beforeRouting);
            problems.register(c);
            routes.register(c);
            registry.register(c);
            governance.register(c);
            auditRoutes.register(c);
            checkpointRoutes.register(c);
            evidence.register(c);
            artifactRoutes.register(c);
            corrections.register(c);
            openLineage.register(c);
            fields.register(c);
            prov.register(c);
            mlflow.register(c);
            tracking.register(c);
            mlflowArtifacts.register(c);
            observability.register(c);
            incidents.register(c);
            webhooks.register(c);
            alerts.register(c);
            exports.register(c);
            more.accept(c);
        });
    }
}
