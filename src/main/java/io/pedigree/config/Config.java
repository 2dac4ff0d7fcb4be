package io.pedigree.config;

import io.pedigree.auth.oidc.OidcConfig;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.StartupFailure;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Immutable server configuration, read from the environment, then an optional properties file, then defaults.
 */
public record Config(
        int port,
        String bind,
        Path dataDir,
        int embeddedBoltPort,
        EmbeddedMemory embeddedMemory,
        String neo4jUri,
        String neo4jUsername,
        String neo4jPassword,
        String neo4jDatabase,
        AuthMode authMode,
        String adminToken,
        Duration tokenCache,
        long maxBodyBytes,
        int maxBatchElements,
        int maxProperties,
        int maxStringLength,
        int maxDepth,
        int maxNodes,
        Duration queryTimeout,
        int writeChunk,
        ArtifactConfig artifacts,
        boolean trustProxy,
        OidcConfig oidc, CheckpointConfig checkpoints, WebhookConfig webhooks, ImportLimits imports,
        int openLineageBacklog) {

    /** Whether reads need a token. */
    public enum AuthMode {
        TOKENS, OPEN_READS;

        static AuthMode parse(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "tokens" -> TOKENS;
                case "open-reads" -> OPEN_READS;
                default -> throw new StartupFailure(
                        Setting.AUTH_MODE.env() + " must be 'tokens' or 'open-reads', not '" + value + "'", null);
            };
        }
    }

    public boolean embedded() {
        return neo4jUri.isBlank();
    }

    /** Reads settings from the process environment and the file it may name. */
    public static Config fromEnvironment() {
        return fromMap(System.getenv());
    }

    /** Reads settings from a map shaped like the environment; the file named by PEDIGREE_CONFIG fills gaps. */
    public static Config fromMap(Map<String, String> env) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        String file = env.getOrDefault(Setting.CONFIG_FILE.env(), "");
        Properties fromFile = file.isBlank() ? new Properties() : load(Path.of(file));
        for (Setting s : Setting.values()) {
            String v = env.get(s.env());
            if (v == null) {
                v = fromFile.getProperty(s.env(), s.defaultValue());
            }
            values.put(s, v.trim());
        }
        Path dataDir = Path.of(values.get(Setting.DATA_DIR)).toAbsolutePath().normalize();
        String artifactDir = values.get(Setting.ARTIFACT_DIR);
        ArtifactConfig artifacts = new ArtifactConfig(
                ArtifactConfig.Backend.parse(values.get(Setting.ARTIFACT_STORE)),
                artifactDir.isEmpty() ? dataDir.resolve("artifacts")
                        : Path.of(artifactDir).toAbsolutePath().normalize(),
                values.get(Setting.AZURE_CONNECTION_STRING),
                values.get(Setting.AZURE_ACCOUNT_URL),
                values.get(Setting.AZURE_CONTAINER),
                longValue(values, Setting.MAX_ARTIFACT_BYTES, 0, Long.MAX_VALUE));
        return new Config(
                intValue(values, Setting.PORT, 0, 65535),
                values.get(Setting.BIND),
                dataDir,
                intValue(values, Setting.EMBEDDED_BOLT_PORT, 0, 65535),
                EmbeddedMemory.parse(values.get(Setting.EMBEDDED_PAGECACHE), values.get(Setting.EMBEDDED_TX_MEMORY)),
                values.get(Setting.NEO4J_URI),
                values.get(Setting.NEO4J_USERNAME),
                values.get(Setting.NEO4J_PASSWORD),
                values.get(Setting.NEO4J_DATABASE),
                AuthMode.parse(values.get(Setting.AUTH_MODE)),
                adminToken(values.get(Setting.ADMIN_TOKEN)),
                Duration.ofSeconds(intValue(values, Setting.TOKEN_CACHE_SECONDS, 0, 3600)),
                longValue(values, Setting.MAX_BODY_BYTES, 1024, Long.MAX_VALUE),
                intValue(values, Setting.MAX_BATCH_ELEMENTS, 1, 10_000_000),
                intValue(values, Setting.MAX_PROPERTIES, 1, 100_000),
                intValue(values, Setting.MAX_STRING_LENGTH, 64, 10_000_000),
                intValue(values, Setting.MAX_DEPTH, 1, 1000),
                intValue(values, Setting.MAX_NODES, 1, 10_000_000),
                Duration.ofSeconds(intValue(values, Setting.QUERY_TIMEOUT_SECONDS, 1, 86_400)),
                intValue(values, Setting.WRITE_CHUNK, 1, 100_000),
                artifacts,
                booleanValue(values, Setting.TRUST_PROXY),
                oidc(values), checkpoints(values, dataDir), WebhookConfig.parse(values.get(Setting.WEBHOOK_ALLOW),
                Duration.ofSeconds(longValue(values, Setting.WEBHOOK_INTERVAL_SECONDS, 0, 86_400))),
                new ImportLimits(longValue(values, Setting.IMPORT_MAX_BYTES, 1024, Long.MAX_VALUE),
                        longValue(values, Setting.IMPORT_MAX_INFLATED_BYTES, 1024, Long.MAX_VALUE),
                        intValue(values, Setting.IMPORT_MAX_ENTRIES, 1, Integer.MAX_VALUE)),
                intValue(values, Setting.OPENLINEAGE_BACKLOG, 1, 1_000_000));
    }

    public Config withPort(int value) {
        return new Config(value, bind, dataDir, embeddedBoltPort, embeddedMemory, neo4jUri, neo4jUsername,
                neo4jPassword, neo4jDatabase, authMode, adminToken, tokenCache, maxBodyBytes, maxBatchElements,
                maxProperties, maxStringLength, maxDepth, maxNodes, queryTimeout, writeChunk, artifacts, trustProxy, oidc,
                checkpoints, webhooks, imports, openLineageBacklog);
    }

    public Config withNeo4jUri(String value) {
        return new Config(port, bind, dataDir, embeddedBoltPort, embeddedMemory, value, neo4jUsername,
                neo4jPassword, neo4jDatabase, authMode, adminToken, tokenCache, maxBodyBytes, maxBatchElements,
                maxProperties, maxStringLength, maxDepth, maxNodes, queryTimeout, writeChunk, artifacts, trustProxy, oidc,
                checkpoints, webhooks, imports, openLineageBacklog);
    }

    public Config withEmbeddedMemory(EmbeddedMemory value) {
        return new Config(port, bind, dataDir, embeddedBoltPort, value, neo4jUri, neo4jUsername,
                neo4jPassword, neo4jDatabase, authMode, adminToken, tokenCache, maxBodyBytes, maxBatchElements,
                maxProperties, maxStringLength, maxDepth, maxNodes, queryTimeout, writeChunk, artifacts, trustProxy, oidc,
                checkpoints, webhooks, imports, openLineageBacklog);
    }

    public Config withAuthMode(AuthMode value) {
        return new Config(port, bind, dataDir, embeddedBoltPort, embeddedMemory, neo4jUri, neo4jUsername,
                neo4jPassword, neo4jDatabase, value, adminToken, tokenCache, maxBodyBytes, maxBatchElements,
                maxProperties, maxStringLength, maxDepth, maxNodes, queryTimeout, writeChunk, artifacts, trustProxy, oidc,
                checkpoints, webhooks, imports, openLineageBacklog);
    }

    public Config withArtifacts(ArtifactConfig value) {
        return new Config(port, bind, dataDir, embeddedBoltPort, embeddedMemory, neo4jUri, neo4jUsername,
                neo4jPassword, neo4jDatabase, authMode, adminToken, tokenCache, maxBodyBytes, maxBatchElements,
                maxProperties, maxStringLength, maxDepth, maxNodes, queryTimeout, writeChunk, value, trustProxy, oidc,
                checkpoints, webhooks, imports, openLineageBacklog);
    }

    /** The settings table printed by {@code --help}. */
    public static String describe() {
        StringBuilder out = new StringBuilder();
        for (Setting s : Setting.values()) {
            out.append(String.format("  %-30s %-12s %s%n", s.env(),
                    s.defaultValue().isEmpty() ? "(empty)" : s.defaultValue(), s.description()));
        }
        return out.toString();
    }

    private static OidcConfig oidc(Map<Setting, String> values) {
        try {
            return OidcConfig.parse(new OidcConfig.Raw(values.get(Setting.OIDC_ISSUER),
                    values.get(Setting.OIDC_CLIENT_ID), values.get(Setting.OIDC_CLIENT_SECRET),
                    values.get(Setting.OIDC_REDIRECT_URL), values.get(Setting.OIDC_SCOPES),
                    values.get(Setting.OIDC_ROLE_CLAIM), values.get(Setting.OIDC_ROLES),
                    values.get(Setting.OIDC_AUDIENCE), booleanValue(values, Setting.OIDC_TOKEN_SIGNIN)));
        } catch (InvalidInput e) {
            throw new StartupFailure(e.field() + ": " + e.getMessage(), e);
        }
    }

    private static CheckpointConfig checkpoints(Map<Setting, String> values, Path dataDir) {
        String keyFile = values.get(Setting.AUDIT_KEY_FILE);
        String file = values.get(Setting.AUDIT_CHECKPOINT_FILE);
        return new CheckpointConfig(values.get(Setting.AUDIT_SIGNING_KEY),
                keyFile.isEmpty() ? dataDir.resolve("audit-signing-key.pem") : Path.of(keyFile).toAbsolutePath(),
                Duration.ofSeconds(longValue(values, Setting.AUDIT_CHECKPOINT_SECONDS, 0, 31_622_400)),
                file.isEmpty() ? null : Path.of(file).toAbsolutePath().normalize(),
                booleanValue(values, Setting.AUDIT_CHECKPOINT_AZURE));
    }

    private static String adminToken(String value) {
        if (!value.isEmpty() && value.length() < 32) {
            throw new StartupFailure(Setting.ADMIN_TOKEN.env() + " must be at least 32 characters long", null);
        }
        return value;
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            return p;
        } catch (IOException e) {
            throw new StartupFailure("Cannot read the configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean booleanValue(Map<Setting, String> values, Setting s) {
        return switch (values.get(s).toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new StartupFailure(s.env() + " must be true or false, not '" + values.get(s) + "'", null);
        };
    }

    private static int intValue(Map<Setting, String> values, Setting s, int min, int max) {
        return (int) longValue(values, s, min, max);
    }

    private static long longValue(Map<Setting, String> values, Setting s, long min, long max) {
        String raw = values.get(s);
        try {
            long v = Long.parseLong(raw);
            if (v < min || v > max) {
                throw new StartupFailure(s.env() + " must be between " + min + " and " + max + ", not " + raw, null);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new StartupFailure(s.env() + " must be a whole number, not '" + raw + "'", e);
        }
    }
}
