package io.pedigree.auth;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.error.PedigreeException.Unauthorized;
import io.pedigree.store.Database;
import org.neo4j.driver.Value;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Browser sessions, opened by signing in with an API token or through the identity provider, and kept in Neo4j, so
 * any instance behind a load balancer knows them and none holds state in memory. Only a SHA-256 hash of the session
 * id is stored, as for tokens. Every lookup checks the token too: revoking or expiring a token ends its sessions at
 * once.
 */
public final class WebSessions {

    /** How long a session lasts at most; never longer than its token. */
    public static final Duration LIFETIME = Duration.ofHours(8);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int PURGE_BATCH = 1000;

    private static final String CREATE = """
            MATCH (t:ApiToken {hash: $tokenHash})
            WHERE t.revokedAt IS NULL AND (t.expiresAt IS NULL OR t.expiresAt > $now)
            CREATE (s:WebSession {idHash: $idHash, tokenId: t.id, principal: t.principal, createdAt: $now,
                                  expiresAt: CASE WHEN t.expiresAt IS NOT NULL AND t.expiresAt < $until
                                                  THEN t.expiresAt ELSE $until END,
                                  csrf: $csrf})
            RETURN t.id AS tokenId, t.principal AS principal, t.roles AS roles, s.csrf AS csrf,
                   s.expiresAt AS expiresAt
            """;

    // Opened through the identity provider: no token stands behind it, so it carries its principal and roles.
    private static final String CREATE_FEDERATED = """
            CREATE (s:WebSession {idHash: $idHash, principal: $principal, roles: $roles, source: 'oidc',
                                  idToken: $idToken, createdAt: $now, expiresAt: $until, csrf: $csrf})
            RETURN null AS tokenId, s.principal AS principal, s.roles AS roles, s.csrf AS csrf,
                   s.expiresAt AS expiresAt
            """;

    // A token session lives only as long as its token; a federated one has none to check.
    private static final String FIND = """
            MATCH (s:WebSession {idHash: $idHash})
            WHERE s.expiresAt > $now
            OPTIONAL MATCH (t:ApiToken {id: s.tokenId})
            WITH s, t
            WHERE s.tokenId IS NULL
               OR (t IS NOT NULL AND t.revokedAt IS NULL AND (t.expiresAt IS NULL OR t.expiresAt > $now))
            RETURN t.id AS tokenId, coalesce(t.principal, s.principal) AS principal,
                   coalesce(t.roles, s.roles) AS roles, s.csrf AS csrf, s.expiresAt AS expiresAt
            """;

    private static final String END = """
            MATCH (s:WebSession {idHash: $idHash})
            WITH s, s.source AS source, s.principal AS principal, s.idToken AS idToken
            DELETE s
            RETURN source, principal, idToken
            """;

    private static final String PURGE = """
            MATCH (s:WebSession)
            WHERE s.expiresAt <= $now
            WITH s LIMIT $batch
            DELETE s
            """;

    /**
     * A session just opened: the id goes into the cookie and is never seen again on the server; {@code lifetime}
     * is how long it lasts from now, on this service's clock.
     */
    public record Opened(String id, WebSession session, Duration lifetime) {
    }

    /** A session that was ended; {@code idToken} is the provider's ID token of a federated one, else null. */
    public record Ended(String principal, String idToken) {
    }

    private final Database db;
    private final TokenService tokens;
    private final AuditLog audit;
    private final Clock clock;

    public WebSessions(Database db, TokenService tokens, AuditLog audit, Clock clock) {
        this.db = db;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Signs in with an API token; a token that does not authenticate is {@link Unauthorized}, saying no more.
     * Unknown tokens cost {@code client} (the browser's address) the same lookup budget as on the API.
     */
    public Opened open(String token, String client) {
        if (token == null || token.isBlank() || token.length() > 512) {
            throw new Unauthorized();
        }
        // Refuses a bad token from memory, or within the client's budget, before a write transaction is opened.
        tokens.authenticate(token, client);
        String id = secret();
        Instant now = clock.instant();
        var params = Map.<String, Object>of("tokenHash", TokenService.hash(token), "idHash", TokenService.hash(id),
                "csrf", secret(), "now", now.atZone(ZoneOffset.UTC),
                "until", now.plus(LIFETIME).atZone(ZoneOffset.UTC), "batch", PURGE_BATCH);
        // The token is checked here, in the graph, not through the token service's short cache: a session must
        // never outlive a revocation that was already committed.
        WebSession session = db.write(tx -> {
            // Expired sessions are cleared as new ones open, a batch at a time, so they never pile up.
            tx.run(PURGE, params).consume();
            WebSession opened = tx.run(CREATE, params).stream().findFirst().map(WebSessions::session)
                    .orElseThrow(Unauthorized::new);
            // Audited in the same transaction, like a sign-in through the identity provider.
            String who = opened.principal().name();
            Map<String, Object> how = new HashMap<>();
            how.put("method", "token");
            how.put("tokenId", opened.principal().tokenId());
            audit.append(tx, who, AuditEntry.of("session.signin", target(who), null, null, null).withDetails(how));
            return opened;
        });
        return new Opened(id, session, Duration.between(now, session.expiresAt()));
    }

    /**
     * Opens a session for a person the identity provider signed in, and audits it in the same transaction.
     * {@code idToken} is kept to end the provider's session on sign-out; {@code details} says how they signed in.
     */
    public Opened openFederated(Principal principal, String idToken, Map<String, Object> details) {
        String id = secret();
        Instant now = clock.instant();
        Map<String, Object> params = new HashMap<>();
        params.put("idHash", TokenService.hash(id));
        params.put("principal", principal.name());
        params.put("roles", principal.roles().stream().sorted().map(Role::id).toList());
        params.put("idToken", idToken);
        params.put("csrf", secret());
        params.put("now", now.atZone(ZoneOffset.UTC));
        params.put("until", now.plus(LIFETIME).atZone(ZoneOffset.UTC));
        params.put("batch", PURGE_BATCH);
        WebSession session = db.write(tx -> {
            tx.run(PURGE, params).consume();
            WebSession opened = session(tx.run(CREATE_FEDERATED, params).single());
            audit.append(tx, principal.name(), AuditEntry.of("session.signin", target(principal.name()), null, null,
                    null).withDetails(details));
            return opened;
        });
        return new Opened(id, session, Duration.between(now, session.expiresAt()));
    }

    /** The live session with this id, if there is one and its token (if it has one) still authenticates. */
    public Optional<WebSession> find(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) {
            return Optional.empty();
        }
        return db.read(tx -> tx.run(FIND, Map.of("idHash", TokenService.hash(id),
                "now", clock.instant().atZone(ZoneOffset.UTC))).stream().findFirst().map(WebSessions::session));
    }

    /** The SHA-256 of a secret, as sessions and sign-ins store them. */
    public static String hashOf(String secret) {
        return TokenService.hash(secret);
    }

    /** The audit target of what a principal did to its own sessions. */
    public static String target(String principal) {
        return "principal:" + Principal.identity(principal);
    }

    private static WebSession session(org.neo4j.driver.Record r) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        r.get("roles").asList(Value::asString).forEach(x -> roles.add(Role.parse("roles", x)));
        Principal p = new Principal(r.get("principal").asString(), Role.effective(roles),
                r.get("tokenId").asString(null));
        return new WebSession(p, r.get("csrf").asString(), r.get("expiresAt").asZonedDateTime().toInstant());
    }

    /**
     * Signs out: the session is gone on every instance. Ending a session is audited, as opening it was;
     * what ended is returned so the provider's session can be ended too.
     */
    public Optional<Ended> end(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) {
            return Optional.empty();
        }
        return db.write(tx -> {
            var rows = tx.run(END, Map.of("idHash", TokenService.hash(id))).list();
            if (rows.isEmpty()) {
                return Optional.<Ended>empty();
            }
            var r = rows.get(0);
            String principal = r.get("principal").asString(null);
            audit.append(tx, principal, AuditEntry.of("session.signout", target(principal), null, null, null));
            if ("oidc".equals(r.get("source").asString(null))) {
                return Optional.of(new Ended(principal, r.get("idToken").asString(null)));
            }
            return Optional.of(new Ended(principal, null));
        });
    }

    /** Whether two secrets are equal, in time that does not depend on where they differ. */
    public static boolean sameSecret(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                given.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** 256 random bits, URL-safe. */
    public static String secret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
