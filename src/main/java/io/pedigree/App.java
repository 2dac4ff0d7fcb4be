package io.pedigree;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.pedigree.api.HttpApi;
import io.pedigree.artifacts.Artifacts;
import io.pedigree.artifacts.BlobStore;
import io.pedigree.artifacts.BlobStores;
import io.pedigree.config.ArtifactConfig;
import io.pedigree.api.Services;
import io.pedigree.prov.Prov;
import io.pedigree.fields.FieldQueries;
import io.pedigree.fields.FieldWriter;
import io.pedigree.governance.Deployments;
import io.pedigree.governance.Gates;
import io.pedigree.governance.Lifecycle;
import io.pedigree.governance.Quarantines;
import io.pedigree.governance.Rollbacks;
import io.pedigree.governance.Serving;
import io.pedigree.registry.Comparisons;
import io.pedigree.registry.Evaluations;
import io.pedigree.registry.Models;
import io.pedigree.registry.Registry;
import io.pedigree.runtime.Bookmarks;
import io.pedigree.runtime.Status;
import io.pedigree.registry.Versions;
import io.pedigree.audit.AuditLog;
import io.pedigree.audit.CheckpointSink;
import io.pedigree.audit.Checkpoints;
import io.pedigree.audit.FileCheckpointSink;
import io.pedigree.audit.SigningKey;
import io.pedigree.artifacts.WriteOnceBlobs;
import io.pedigree.audit.BlobCheckpointSink;
import io.pedigree.config.CheckpointConfig;
import io.pedigree.corrections.PersonalData;
import io.pedigree.evidence.EvidencePacks;
import io.pedigree.export.Backups;
import io.pedigree.corrections.Retractions;
import io.pedigree.auth.TokenService;
import io.pedigree.auth.oidc.SingleSignOn;
import io.pedigree.auth.WebSessions;
import io.pedigree.config.Config;
import io.pedigree.error.PedigreeException.StartupFailure;
import io.pedigree.lineage.Aliases;
import io.pedigree.lineage.GraphWriter;
import io.pedigree.mlflow.Mlflow;
import io.pedigree.observability.Alerts;
import io.pedigree.observability.Changes;
import io.pedigree.observability.Incidents;
import io.pedigree.observability.Measurements;
import io.pedigree.lineage.LineageService;
import io.pedigree.lineage.Limits;
import io.pedigree.lineage.NodeReader;
import io.pedigree.notify.Webhooks;
import io.pedigree.openlineage.OpenLineage;
import io.pedigree.store.Database;
import io.pedigree.store.EmbeddedNeo4j;
import io.pedigree.store.Migrations;
import io.pedigree.web.WebViews;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The composition root: builds configuration, Neo4j (embedded or external), driver, schema, services and the
 * HTTP server by hand, in that order, and takes them down in reverse.
 */
public final class App implements AutoCloseable {

    public static final String VERSION = Optional.ofNullable(App.class.getPackage().getImplementationVersion())
            .orElse("dev");
    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    private final Config config;
    private final EmbeddedNeo4j embedded;
    private final Driver driver;
    private final Database db;
    private final GraphWriter writer;
    private final Services services;
    private volatile boolean closed;
    private final Status status;
    private final Javalin http;
    private final BlobStore blobs;
    private final int schemaVersion;
    private final Optional<String> newAdminToken;

    private App(Config config, EmbeddedNeo4j embedded, Driver driver, Database db, Services services, Status status,
                Javalin http, BlobStore blobs,
                int schemaVersion, Optional<String> newAdminToken) {
        this.config = config;
        this.embedded = embedded;
        this.driver = driver;
        this.db = db;
        this.services = services;
        this.status = status;
        this.writer = services.writer();
        this.http = http;
        this.blobs = blobs;
        this.schemaVersion = schemaVersion;
        this.newAdminToken = newAdminToken;
    }

    /** Starts everything on the system clock, ready to serve; see {@link #start(Config, Clock)}. */
    public static App start(Config config) {
        return start(config, Clock.systemUTC());
    }

    /**
     * Starts everything with {@code clock} as the time every service records, ready to serve; on failure, stops
     * what was started and throws {@link StartupFailure}.
     */
    public static App start(Config config, Clock clock) {
        App app = starting(config, clock);
        app.ready();
        return app;
    }

    /** Marks the instance ready: its health check stops answering that it is starting. */
    void ready() {
        status.markReady();
    }

    /**
     * Starts everything but answers health checks with "starting" until {@link #ready()}, so a command that loads
     * data first (the demo) is not reported ready before it is.
     */
    static App starting(Config config, Clock clock) {
        EmbeddedNeo4j embedded = null;
        Driver driver = null;
        BlobStore blobs = null;
        Checkpoints checkpoints = null;
        try {
            String uri;
            AuthToken auth;
            String neo4jDescription;
            if (config.embedded()) {
                embedded = EmbeddedNeo4j.start(config.dataDir().resolve("neo4j"), config.embeddedBoltPort(),
                        config.embeddedMemory().pageCacheBytes(), config.embeddedMemory().transactionBytes());
                uri = embedded.boltUri();
                auth = AuthTokens.none();
                neo4jDescription = "embedded Neo4j Community 5.26 at " + embedded.home() + ", Bolt " + uri;
            } else {
                uri = config.neo4jUri();
                auth = AuthTokens.basic(config.neo4jUsername(), config.neo4jPassword());
                neo4jDescription = "external Neo4j at " + uri;
            }
            LOG.info("Using {}", neo4jDescription);
            driver = GraphDatabase.driver(uri, auth, org.neo4j.driver.Config.builder()
                    .withLogging(Logging.slf4j())
                    .withConnectionTimeout(5, TimeUnit.SECONDS)
                    .withConnectionAcquisitionTimeout(10, TimeUnit.SECONDS)
                    .withMaxTransactionRetryTime(5, TimeUnit.SECONDS)
                    .withMaxConnectionPoolSize(64)
                    .withUserAgent("pedigree/" + VERSION)
                    .build());
            try {
                driver.verifyConnectivity();
            } catch (RuntimeException e) {
                throw new StartupFailure("Neo4j at " + uri + " is not reachable: " + e.getMessage().replaceAll("\\.+$", "")
                        + ". Check NEO4J_URI, NEO4J_USERNAME and NEO4J_PASSWORD, and that the server is running.", e);
            }
            Database db = new Database(driver, config.neo4jDatabase(), config.queryTimeout());
            int schemaVersion = new Migrations(db, Migrations.fromClasspath(), clock).apply();
            LOG.info("Schema version {}", schemaVersion);

            Limits limits = new Limits(config.maxProperties(), config.maxStringLength(), config.maxBatchElements(),
                    config.maxDepth(), config.maxNodes(), config.writeChunk());
            AuditLog audit = new AuditLog(db, clock);
            // Before anything else writes: a first start's token or audit event must not land in a half-switched import.
            Backups.recoverInterruptedImport(db, audit).ifPresent(done -> LOG.warn("At start: {}", done));
            checkpoints = checkpoints(config, db, clock);
            TokenService tokens = new TokenService(db, audit, clock, config.tokenCache());
            Optional<String> adminToken = tokens.bootstrapAdmin(config.adminToken());
            GraphWriter writer = new GraphWriter(db, audit, limits, clock);
            NodeReader reader = new NodeReader(db);
            LineageService lineage = new LineageService(db, limits, clock, Aliases.DATASET_SYMLINKS);
            ObjectMapper json = json();
            Registry registry = new Registry(db);
            Models models = new Models(db, registry, writer, audit, clock);
            FieldWriter fieldWriter = new FieldWriter(db, audit, clock);
            FieldQueries fieldQueries = new FieldQueries(db, limits, clock);
            Versions versions = new Versions(db, registry, writer, audit, limits, clock, fieldWriter);
            Evaluations evaluations = new Evaluations(db, registry, writer, audit, limits);
            Quarantines quarantines = new Quarantines(db, lineage, audit, limits, clock, fieldQueries);
            Gates gates = new Gates(db, registry, evaluations, quarantines);
            Deployments deployments = new Deployments(db, writer, audit, limits, clock);
            Serving serving = new Serving(db, registry, deployments, quarantines, writer, audit, clock);
            Rollbacks rollbacks = new Rollbacks(db, registry, gates, quarantines, serving, audit, clock);
            Lifecycle lifecycle = new Lifecycle(db, registry, gates, serving, audit, clock);
            blobs = BlobStores.create(config.artifacts());
            Artifacts artifacts = new Artifacts(db, blobs, storageName(config.artifacts()), writer, audit, limits,
                    clock);
            String description = neo4jDescription;
            OpenLineage openLineage = new OpenLineage(db, audit, clock, fieldWriter, config.openLineageBacklog());
            Comparisons comparisons = new Comparisons(db, registry, evaluations);
            Prov prov = Prov.create(db, lineage, registry, writer, limits, clock);
            Incidents incidents = new Incidents(db, deployments, writer, audit, limits, clock);
            Alerts alerts = new Alerts(db, registry, rollbacks, writer, audit, limits, clock);
            Measurements measurements = new Measurements(db, limits, clock, alerts);
            EvidencePacks evidence = new EvidencePacks(db, registry, evaluations, lifecycle, quarantines, deployments,
                    incidents, lineage, reader, audit, checkpoints, limits, clock);
            WebSessions sessions = new WebSessions(db, tokens, audit, clock);
            SingleSignOn sso = SingleSignOn.create(config.oidc(), db, sessions, audit, clock);
            WebViews views = new WebViews(config, VERSION, sessions, sso, reader, lineage, deployments,
                    quarantines, audit, () -> {
                Map<String, Object> status = new LinkedHashMap<>();
                status.put("version", VERSION);
                status.put("neo4j", description);
                status.put("reachable", db.reachable());
                status.put("schemaVersion", schemaVersion);
                status.put("authMode", config.authMode().name().toLowerCase().replace('_', '-'));
                return status;
            }, registry, evaluations, comparisons, gates, lifecycle, artifacts, rollbacks, openLineage, fieldQueries,
                    prov.exports(), incidents, evidence, measurements, alerts, clock);
            Status health = new Status(db, neo4jDescription);
            Services services = new Services(health, new Bookmarks(db), writer, reader, lineage, tokens, audit, limits,
                    registry, models, versions, evaluations, comparisons, gates, lifecycle, quarantines, deployments,
                    serving, rollbacks, artifacts, new Retractions(db, audit, limits, clock),
                    new PersonalData(db, audit, clock), openLineage, fieldWriter, fieldQueries,
                    Mlflow.create(db, registry, models, versions, gates, lifecycle, writer, audit, limits, clock,
                            artifacts, evaluations),
                    prov, measurements, incidents, new Changes(db, incidents, comparisons),
                    sso, checkpoints, evidence, Webhooks.start(config.webhooks(), db, audit,
                    quarantines, lineage, limits, clock, VERSION), alerts,
                    new Backups(db, blobs, audit, clock, VERSION, config.queryTimeout().multipliedBy(100), () -> {
                        tokens.forgetCached();
                        openLineage.forgetRemembered();
                    }));
            Javalin http = HttpApi.create(config, json, services, VERSION, views::register,
                    views::errorPage);
            try {
                http.start();
            } catch (RuntimeException e) {
                throw new StartupFailure("The HTTP server could not listen on " + config.bind() + ":" + config.port()
                        + " (" + e.getMessage() + "); set PEDIGREE_PORT or PEDIGREE_BIND", e);
            }
            App app = new App(config, embedded, driver, db, services, health, http, blobs, schemaVersion, adminToken);
            LOG.info("Pedigree {} listening on {}", VERSION, app.url());
            return app;
        } catch (RuntimeException e) {
            if (checkpoints != null) {
                checkpoints.close();
            }
            if (blobs != null) {
                blobs.close();
            }
            if (driver != null) {
                driver.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    /** Where in the artifact container checkpoints go. */
    static final String CHECKPOINT_BLOBS = "audit-checkpoints/";

    /** The checkpoint signer: its key from the environment or its file, its sinks, its interval. */
    private static Checkpoints checkpoints(Config config, Database db, Clock clock) {
        CheckpointConfig c = config.checkpoints();
        SigningKey key = c.keyPem().isBlank() ? SigningKey.loadOrCreate(c.keyFile())
                : SigningKey.parse(c.keyPem(), "PEDIGREE_AUDIT_SIGNING_KEY");
        java.util.List<CheckpointSink> sinks = new java.util.ArrayList<>();
        if (c.file() != null) {
            sinks.add(new FileCheckpointSink(c.file()));
        }
        if (c.azure()) {
            if (config.artifacts().backend() != ArtifactConfig.Backend.AZURE) {
                throw new StartupFailure("PEDIGREE_AUDIT_CHECKPOINT_AZURE=true needs the azure artifact store"
                        + " (PEDIGREE_ARTIFACT_STORE=azure and its connection settings)", null);
            }
            WriteOnceBlobs blobs = WriteOnceBlobs.of(config.artifacts(), CHECKPOINT_BLOBS);
            sinks.add(new BlobCheckpointSink(blobs::create, blobs.describe()));
        }
        Checkpoints checkpoints = new Checkpoints(db, key, clock, sinks);
        checkpoints.every(c.interval());
        LOG.info("Audit checkpoints signed with key {}{}", key.keyId(), sinks.isEmpty() ? ""
                : ", pushed to " + sinks.stream().map(CheckpointSink::describe).toList());
        return checkpoints;
    }

    private static String storageName(ArtifactConfig c) {
        return c.backend() == ArtifactConfig.Backend.AZURE ? "azure-blob:" + c.azureContainer() : "filesystem";
    }

    /** The JSON mapping used for every request and answer. */
    public static ObjectMapper json() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public int port() {
        return http.port();
    }

    public String url() {
        String host = config.bind().equals("0.0.0.0") ? "localhost" : config.bind();
        return "http://" + host + ":" + port() + "/";
    }

    /** The running HTTP server, for tests that inspect its routes. */
    public Javalin http() {
        return http;
    }

    public Database database() {
        return db;
    }

    /** The registry, its evaluations and lifecycle, for loading the demo's governance story. */
    public Registry registry() {
        return services.registry();
    }

    /** The token service, whose memory of refused tokens a test resets along with the graph. */
    public TokenService tokens() {
        return services.tokens();
    }

    public Models models() {
        return services.models();
    }

    public Versions versions() {
        return services.versions();
    }

    public Evaluations evaluations() {
        return services.evaluations();
    }

    public Lifecycle lifecycle() {
        return services.lifecycle();
    }

    /** Whether {@link #close} was called. */
    public boolean closed() {
        return closed;
    }

    /** OpenLineage ingest, for loading the demo's dbt events. */
    public OpenLineage openLineage() {
        return services.openLineage();
    }

    public GraphWriter writer() {
        return writer;
    }

    /** Field-level lineage writes, for loading the demo's columns. */
    public io.pedigree.fields.FieldWriter fieldWriter() {
        return services.fieldWriter();
    }

    /** Field-level lineage reads, timed in-process by the benchmark. */
    public io.pedigree.fields.FieldQueries fieldQueries() {
        return services.fieldQueries();
    }

    /** The services the benchmark times in-process, beside the same answers over HTTP. */
    public LineageService lineage() {
        return services.lineage();
    }

    public Quarantines quarantines() {
        return services.quarantines();
    }

    public Rollbacks rollbacks() {
        return services.rollbacks();
    }

    /** Webhooks, whose worker a test runs by hand on its own clock. */
    public Webhooks webhooks() {
        return services.webhooks();
    }

    /** Full export and restore, for the export and import commands. */
    public io.pedigree.export.Backups backups() {
        return services.backups();
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    /** The admin token created on this first start, to print once; empty on every later start. */
    public Optional<String> newAdminToken() {
        return newAdminToken;
    }

    /** The embedded Neo4j, when this instance runs one. */
    public Optional<EmbeddedNeo4j> embedded() {
        return Optional.ofNullable(embedded);
    }

    @Override
    public void close() {
        closed = true;
        http.stop();
        services.openLineage().close();
        services.checkpoints().close();
        services.webhooks().close();
        blobs.close();
        driver.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
