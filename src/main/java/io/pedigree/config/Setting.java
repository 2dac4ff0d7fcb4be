package io.pedigree.config;

/** One configuration variable: its environment name, default and meaning, as printed by {@code --help}. */
public enum Setting {
    PORT("PEDIGREE_PORT", "7070", "HTTP port of the server (0 picks a free one)"),
    BIND("PEDIGREE_BIND", "127.0.0.1", "Address the HTTP server binds to; 0.0.0.0 to accept remote clients"),
    DATA_DIR("PEDIGREE_DATA_DIR", "data", "Directory for the embedded Neo4j store and other local data"),
    EMBEDDED_BOLT_PORT("PEDIGREE_EMBEDDED_BOLT_PORT", "7687",
            "Bolt port of the embedded Neo4j, on 127.0.0.1 only (0 picks a free one)"),
    EMBEDDED_PAGECACHE("PEDIGREE_EMBEDDED_PAGECACHE", "512m",
            "Page cache of the embedded Neo4j, outside the Java heap: bytes, or a number with k, m or g"),
    EMBEDDED_TX_MEMORY("PEDIGREE_EMBEDDED_TX_MEMORY", "0",
            "Most Java heap the embedded Neo4j's running transactions may hold together (bytes, or with k, m or g); "
                    + "0 is Neo4j's own limit, 70% of the heap"),
    NEO4J_URI("NEO4J_URI", "", "External Neo4j (bolt://, neo4j://, neo4j+s://); empty starts the embedded one"),
    NEO4J_USERNAME("NEO4J_USERNAME", "neo4j", "User for the external Neo4j"),
    NEO4J_PASSWORD("NEO4J_PASSWORD", "", "Password for the external Neo4j"),
    NEO4J_DATABASE("NEO4J_DATABASE", "", "Database name on the external Neo4j; empty uses the server default"),
    AUTH_MODE("PEDIGREE_AUTH_MODE", "tokens",
            "tokens: every API call needs a token; open-reads: reads need none, writes still do"),
    TRUST_PROXY("PEDIGREE_TRUST_PROXY", "false",
            "true behind a reverse proxy that sets X-Forwarded-Proto; it then decides whether cookies are Secure"),
    ADMIN_TOKEN("PEDIGREE_ADMIN_TOKEN", "",
            "Admin token to install at start (at least 32 characters); empty creates and prints one on first start"),
    TOKEN_CACHE_SECONDS("PEDIGREE_TOKEN_CACHE_SECONDS", "5",
            "How long an instance reuses a successful token check; a token revoked through another instance keeps "
                    + "working on this one for at most this long (0 checks every request)"),
    MAX_BODY_BYTES("PEDIGREE_MAX_BODY_BYTES", "67108864", "Largest request body accepted (413 above)"),
    MAX_BATCH_ELEMENTS("PEDIGREE_MAX_BATCH_ELEMENTS", "100000", "Most nodes plus relations in one batch"),
    MAX_PROPERTIES("PEDIGREE_MAX_PROPERTIES", "128", "Most user properties on one node or relation"),
    MAX_STRING_LENGTH("PEDIGREE_MAX_STRING_LENGTH", "16384", "Longest string in any request (every JSON string and name, query parameter or form field), in characters"),
    MAX_DEPTH("PEDIGREE_MAX_DEPTH", "50", "Largest traversal depth a request may ask for (400 above)"),
    MAX_NODES("PEDIGREE_MAX_NODES", "10000", "Node cap of one lineage or impact answer (truncated above); a request may ask for fewer with maxNodes"),
    QUERY_TIMEOUT_SECONDS("PEDIGREE_QUERY_TIMEOUT_SECONDS", "30", "Longest a single database transaction may run;"
            + " a batch's may run this long per PEDIGREE_WRITE_CHUNK elements"),
    WRITE_CHUNK("PEDIGREE_WRITE_CHUNK", "2000", "Rows per UNWIND statement when writing batches"),
    ARTIFACT_STORE("PEDIGREE_ARTIFACT_STORE", "filesystem",
            "Where artifact bytes are kept: filesystem (PEDIGREE_ARTIFACT_DIR) or azure (an Azure Storage container)"),
    ARTIFACT_DIR("PEDIGREE_ARTIFACT_DIR", "",
            "Directory of the filesystem artifact store; empty is $PEDIGREE_DATA_DIR/artifacts"),
    MAX_ARTIFACT_BYTES("PEDIGREE_MAX_ARTIFACT_BYTES", "10737418240", "Largest artifact accepted, in bytes (413 above)"),
    IMPORT_MAX_BYTES("PEDIGREE_IMPORT_MAX_BYTES", "10737418240",
            "Largest export zip POST /api/v1/admin/import accepts, in bytes (413 above)"),
    IMPORT_MAX_INFLATED_BYTES("PEDIGREE_IMPORT_MAX_INFLATED_BYTES", "42949672960",
            "Most bytes the files of an uploaded export zip may inflate to, all together (413 above)"),
    IMPORT_MAX_ENTRIES("PEDIGREE_IMPORT_MAX_ENTRIES", "100000",
            "Most files an uploaded export zip may hold (413 above)"),
    AZURE_CONNECTION_STRING("PEDIGREE_AZURE_CONNECTION_STRING", "",
            "Connection string of the Azure Storage account (or Azurite) for the azure artifact store"),
    AZURE_ACCOUNT_URL("PEDIGREE_AZURE_ACCOUNT_URL", "",
            "Blob endpoint (https://ACCOUNT.blob.core.windows.net), signed in with DefaultAzureCredential; "
                    + "used when there is no connection string"),
    AZURE_CONTAINER("PEDIGREE_AZURE_CONTAINER", "pedigree-artifacts",
            "Container of the azure artifact store; created if missing"),
    OIDC_ISSUER("PEDIGREE_OIDC_ISSUER", "",
            "Issuer URL of the OpenID Connect provider for single sign-on (its discovery document is read from "
                    + "there); empty turns single sign-on off"),
    OIDC_CLIENT_ID("PEDIGREE_OIDC_CLIENT_ID", "", "Client id Pedigree is registered under at the provider"),
    OIDC_CLIENT_SECRET("PEDIGREE_OIDC_CLIENT_SECRET", "",
            "Client secret of that registration; empty for a public client (PKCE only)"),
    OIDC_REDIRECT_URL("PEDIGREE_OIDC_REDIRECT_URL", "",
            "Redirect URL registered at the provider: Pedigree's external address + /signin/oidc/callback"),
    OIDC_SCOPES("PEDIGREE_OIDC_SCOPES", "openid profile email", "Scopes asked for at sign-in"),
    OIDC_ROLE_CLAIM("PEDIGREE_OIDC_ROLE_CLAIM", "groups",
            "Claim whose values map to roles (groups, roles, realm_access.roles, hd, ...)"),
    OIDC_ROLES("PEDIGREE_OIDC_ROLES", "",
            "Claim value to role mapping, value=role separated by commas (pedigree-admins=admin,ml=writer)"),
    OIDC_AUDIENCE("PEDIGREE_OIDC_AUDIENCE", "",
            "Audience the provider's access tokens must name to be accepted on the API; empty is the client id"),
    OIDC_TOKEN_SIGNIN("PEDIGREE_OIDC_TOKEN_SIGNIN", "true",
            "Whether the sign-in page still accepts API tokens when single sign-on is on"),
    AUDIT_SIGNING_KEY("PEDIGREE_AUDIT_SIGNING_KEY", "",
            "Ed25519 private key (PEM) that signs audit checkpoints; wins over PEDIGREE_AUDIT_KEY_FILE"),
    AUDIT_KEY_FILE("PEDIGREE_AUDIT_KEY_FILE", "",
            "PEM file of the audit signing key, created on first start when missing; empty is "
                    + "$PEDIGREE_DATA_DIR/audit-signing-key.pem"),
    AUDIT_CHECKPOINT_SECONDS("PEDIGREE_AUDIT_CHECKPOINT_SECONDS", "3600",
            "How often a signed checkpoint of the audit chain is made when the chain has grown (0: only on demand)"),
    AUDIT_CHECKPOINT_FILE("PEDIGREE_AUDIT_CHECKPOINT_FILE", "",
            "File each checkpoint is appended to as a JSON line (keep it on other storage than the graph)"),
    AUDIT_CHECKPOINT_AZURE("PEDIGREE_AUDIT_CHECKPOINT_AZURE", "false",
            "true pushes each checkpoint as a blob to the Azure container of the artifact store settings"),
    WEBHOOK_ALLOW("PEDIGREE_WEBHOOK_ALLOW", "",
            "Addresses webhooks may reach although private, loopback or link-local: CIDR ranges and host names "
                    + "separated by commas (10.1.2.0/24,hooks.internal); empty allows public addresses only"),
    WEBHOOK_INTERVAL_SECONDS("PEDIGREE_WEBHOOK_INTERVAL_SECONDS", "5",
            "How often each instance turns new audit events into webhook deliveries and sends those due (0: never)"),
    OPENLINEAGE_BACKLOG("PEDIGREE_OPENLINEAGE_BACKLOG", "4096",
            "Most OpenLineage events one instance has accepted (201) and not yet applied to the graph; when full, "
                    + "a new event waits up to 5 s for room, then gets 503 with Retry-After"),
    CONFIG_FILE("PEDIGREE_CONFIG", "", "Optional properties file with any of these names as keys; environment wins");

    private final String env;
    private final String defaultValue;
    private final String description;

    Setting(String env, String defaultValue, String description) {
        this.env = env;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String env() {
        return env;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }
}
