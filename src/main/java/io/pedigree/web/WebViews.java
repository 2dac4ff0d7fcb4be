package io.pedigree.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.pedigree.artifacts.Artifacts;
import io.pedigree.audit.AuditLog;
import io.pedigree.auth.WebSessions;
import io.pedigree.auth.oidc.SingleSignOn;
import io.pedigree.config.Config;
import io.pedigree.evidence.EvidencePacks;
import io.pedigree.fields.FieldQueries;
import io.pedigree.governance.Deployments;
import io.pedigree.governance.Gates;
import io.pedigree.governance.Lifecycle;
import io.pedigree.governance.Quarantines;
import io.pedigree.governance.Rollbacks;
import io.pedigree.lineage.LineageService;
import io.pedigree.lineage.NodeReader;
import io.pedigree.registry.Comparisons;
import io.pedigree.registry.Evaluations;
import io.pedigree.registry.Registry;

import io.pedigree.openlineage.OpenLineage;
import io.pedigree.prov.ProvExports;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The server-rendered pages and their static assets. To add a page: a class here with a {@code register} that
 * adds its routes, each with a {@link PageRole}; a template in {@code templates/} that wraps its {@code <main>} in
 * {@code layout :: page}; forms that post include {@code layout :: csrf}. {@link Guard} resolves the
 * {@link Viewer} and checks roles and form tokens before any handler runs; errors become pages by themselves.
 */
public final class WebViews {

    /** Allows nothing but this server's own files: no inline script or style, no framing, no foreign forms. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            + "script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final Map<String, Object> site;
    private final Cookies cookies;
    private final Guard guard;
    private final ErrorPages errors = new ErrorPages();
    private final SignInPages signIn;
    private final SingleSignOnPages singleSignOn;
    private final HomePages home;
    private final NodePages node;
    private final ImpactPages impact;
    private final AuditPages auditPages;
    private final ModelPages models;
    private final DeploymentPages deploymentPages;
    private final OpenLineagePages openLineagePages;
    private final FieldPages fieldPages;
    private final EvidencePages evidencePages;
    private final IncidentPages incidentPages;

    /** {@code status} supplies what the home page shows about the server (Neo4j, schema, auth mode). */
    public WebViews(Config config, String version, WebSessions sessions, SingleSignOn sso, NodeReader nodes,
                    LineageService lineage,
                    Deployments deployments, Quarantines quarantines, AuditLog audit,
                    Supplier<Map<String, Object>> status, Registry registry, Evaluations evaluations,
                    Comparisons comparisons, Gates gates, Lifecycle lifecycle, Artifacts artifacts,
                    Rollbacks rollbacks, OpenLineage openLineage, FieldQueries fields, ProvExports prov,
                    io.pedigree.observability.Incidents incidents, EvidencePacks evidence,
                    io.pedigree.observability.Measurements measurements, io.pedigree.observability.Alerts alerts,
                    java.time.Clock clock) {
        boolean openReads = config.authMode() == Config.AuthMode.OPEN_READS;
        this.site = Map.of("version", version, "openReads", openReads);
        this.cookies = new Cookies(config.trustProxy());
        this.guard = new Guard(sessions, cookies, openReads);
        this.signIn = new SignInPages(sessions, cookies, sso);
        this.singleSignOn = sso.enabled()
                ? new SingleSignOnPages(sso, sessions, cookies, config.oidc().redirectUri()) : null;
        this.home = new HomePages(nodes, deployments, quarantines, audit, status, openLineage, alerts);
        this.openLineagePages = new OpenLineagePages(openLineage);
        this.impact = new ImpactPages(lineage, config.maxDepth());
        this.auditPages = new AuditPages(audit);
        this.node = new NodePages(nodes, new NodeGraphs(lineage, quarantines, deployments, fields, config.maxDepth()),
                artifacts, fields, openLineage::canonical, prov, config.maxNodes(), incidents);
        this.fieldPages = new FieldPages(fields);
        this.models = new ModelPages(registry, evaluations, comparisons, gates, lifecycle,
                new VersionProduction(measurements, incidents, clock));
        this.deploymentPages = new DeploymentPages(nodes, deployments, rollbacks,
                new ProductionCharts(measurements, incidents, alerts, clock));
        this.incidentPages = new IncidentPages(incidents);
        this.evidencePages = new EvidencePages(evidence, site);
    }

    public void register(JavalinConfig config) {
        config.fileRenderer(new ThymeleafRenderer(site));
        config.staticFiles.add(s -> {
            s.hostedPath = "/static";
            s.directory = "/static";
            s.location = Location.CLASSPATH;
        });
        config.routes.before(WebViews::securityHeaders);
        config.routes.beforeMatched(guard::check);
        signIn.register(config);
        if (singleSignOn != null) {
            singleSignOn.register(config);
        }
        home.register(config);
        node.register(config);
        impact.register(config);
        auditPages.register(config);
        models.register(config);
        deploymentPages.register(config);
        openLineagePages.register(config);
        fieldPages.register(config);
        evidencePages.register(config);
        incidentPages.register(config);
    }

    /** Shows an error on a page route as a page; see {@code io.pedigree.api.ErrorPage}. */
    public void errorPage(Context ctx, int status, String title, String detail) {
        errors.render(ctx, status, title, detail);
    }

    private static void securityHeaders(Context ctx) {
        if (ctx.path().startsWith("/api/")) {
            return;
        }
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    }
}
