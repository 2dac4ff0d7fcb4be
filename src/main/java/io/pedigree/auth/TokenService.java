package io.pedigree.auth;

import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.error.PedigreeException.TooManyRequests;
import io.pedigree.error.PedigreeException.Unauthorized;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.store.Database;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * API tokens: issued with a random secret shown once, stored only as a SHA-256 hash, bound to a principal and
 * roles, revocable. A token carries 256 random bits, so a fast hash is enough: there is nothing to brute-force.
 */
public final class TokenService {

    private static final String PREFIX = "pdg_";
    private static final Pattern PRINCIPAL = Pattern.compile("[\\p{L}\\p{N}._@+\\-:/ ]{1,200}");
    private static final SecureRandom RANDOM = new SecureRandom();

    // Runs on every request: when the store grows, Neo4j would find the plan stale and each concurrent request
    // would plan it again (a second each under load) for the same unique-index seek.
    private static final String AUTHENTICATE = """
            CYPHER replan=skip
            MATCH (t:ApiToken {hash: $hash})
            WHERE t.revokedAt IS NULL AND (t.expiresAt IS NULL OR t.expiresAt > $now)
            RETURN t.id AS id, t.principal AS principal, t.roles AS roles, t.expiresAt AS expiresAt
            """;

    private static final String CREATE = """
            CREATE (t:ApiToken {id: $id, hash: $hash, principal: $principal, roles: $roles,
                                description: $description, createdAt: $now, createdBy: $actor, expiresAt: $expiresAt})
            RETURN t
            """;

    private static final String LIST = """
            MATCH (t:ApiToken)
            WHERE $includeRevoked OR t.revokedAt IS NULL
            RETURN t ORDER BY t.createdAt, t.id
            """;

    private static final String REVOKE = """
            MATCH (t:ApiToken {id: $id})
            WITH t, t.revokedAt IS NOT NULL AS already
            SET t.revokedAt = coalesce(t.revokedAt, $now), t.revokedBy = coalesce(t.revokedBy, $actor)
            RETURN t, already
            """;

    private static final String CLAIM_BOOTSTRAP = """
            MERGE (b:Bootstrap {id: 'admin-token'})
            ON CREATE SET b.createdAt = $now, b.fresh = true
            WITH b, coalesce(b.fresh, false) AS fresh
            REMOVE b.fresh
            WITH fresh
            OPTIONAL MATCH (t:ApiToken)
            RETURN fresh, count(t) AS tokens
            """;

    private static final String INSTALL = """
            MERGE (t:ApiToken {hash: $hash})
            ON CREATE SET t.id = $id, t.principal = 'admin', t.roles = ['admin'],
                          t.description = 'installed from PEDIGREE_ADMIN_TOKEN', t.createdAt = $now,
                          t.createdBy = 'pedigree'
            WITH t, t.revokedAt IS NOT NULL AS wasRevoked
            SET t.revokedAt = null, t.revokedBy = null
            RETURN wasRevoked
            """;

    /**
     * How long a successful token check is reused by default (PEDIGREE_TOKEN_CACHE_SECONDS). It spares every
     * request a database round trip; the price is that a token revoked through another instance keeps working
     * there for at most this long.
     */
    public static final Duration CACHE_TTL = Duration.ofSeconds(5);
    private static final int CACHE_MAX = 10_000;

    private record Cached(Principal principal, Instant until) {
        /** A token is cached for {@code ttl}, but never past its own expiry. */
        static Cached of(Authenticated a, Instant now, Duration ttl) {
            Instant until = now.plus(ttl);
            return new Cached(a.principal(), a.expiresAt() != null && a.expiresAt().isBefore(until) ? a.expiresAt() : until);
        }
    }

    private record Authenticated(Principal principal, Instant expiresAt) {
    }

    private final Database db;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration cacheTtl;
    private final Cache<String, Cached> recent;
    private final FailedTokens failed;
    private final LongAdder lookups = new LongAdder();

    /** A token service that reuses a successful check for {@code cacheTtl} (zero: checks every request). */
    public TokenService(Database db, AuditLog audit, Clock clock, Duration cacheTtl) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
        this.cacheTtl = cacheTtl;
        this.recent = Caffeine.newBuilder().ticker(FailedTokens.ticker(clock)).maximumSize(CACHE_MAX)
                .expireAfterWrite(cacheTtl).build();
        this.failed = new FailedTokens(clock);
    }

    /**
     * Resolves a bearer token to its principal, or fails without saying why. A token refused a moment ago is
     * refused again from memory; an unknown one is looked up only while {@code client} (the caller's address) has
     * lookups left in its budget, and is otherwise {@link TooManyRequests} (see {@link FailedTokens}).
     */
    public Principal authenticate(String token, String client) {
        if (token == null || token.isBlank() || token.length() > 512) {
            throw new Unauthorized();
        }
        String hash = hash(token);
        Instant now = clock.instant();
        Cached cached = recent.getIfPresent(hash);
        if (cached != null && cached.until().isAfter(now)) {
            return cached.principal();
        }
        if (failed.recentlyRefused(hash)) {
            throw new Unauthorized();
        }
        boolean trusted = failed.recentlyAccepted(hash);
        if (!trusted) {
            failed.spend(client);
        }
        Optional<Authenticated> found = lookup(hash);
        if (found.isEmpty()) {
            failed.refused(hash);
            throw new Unauthorized();
        }
        if (!trusted) {
            failed.refund(client);
        }
        failed.accepted(hash);
        recent.put(hash, Cached.of(found.get(), now, cacheTtl));
        return found.get().principal();
    }

    /** How many times a token was looked up in the database, so tests can see what a request cost. */
    long lookups() {
        return lookups.sum();
    }

    private Optional<Authenticated> lookup(String hash) {
        lookups.increment();
        return db.read(tx -> tx.run(AUTHENTICATE, Map.of("hash", hash,
                "now", clock.instant().atZone(ZoneOffset.UTC))).stream().findFirst().map(r -> {
                    Set<Role> roles = EnumSet.noneOf(Role.class);
                    r.get("roles").asList(Value::asString).forEach(x -> roles.add(Role.parse("roles", x)));
                    return new Authenticated(new Principal(r.get("principal").asString(), Role.effective(roles),
                            r.get("id").asString()), instant(r.get("expiresAt")));
                }));
    }

    public IssuedToken create(String principal, Set<Role> roles, String description, Instant expiresAt,
                              String actor) {
        if (principal == null || !PRINCIPAL.matcher(principal).matches()) {
            throw new InvalidInput("principal", "A principal is 1 to 200 letters, digits, spaces or ._@+-:/");
        }
        if (principal.startsWith(Principal.FEDERATED)) {
            // Those names belong to people the identity provider vouches for; a token must not pass for one.
            throw new InvalidInput("principal", "Principals starting with " + Principal.FEDERATED
                    + " are people signed in through single sign-on; choose another name");
        }
        if (roles.isEmpty()) {
            throw new InvalidInput("roles", "At least one role is required");
        }
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw new InvalidInput("expiresAt", "expiresAt must be in the future");
        }
        String token = newSecret();
        String id = newId();
        Map<String, Object> params = new HashMap<>();
        params.put("id", id);
        params.put("hash", hash(token));
        params.put("principal", principal);
        params.put("roles", roles.stream().sorted().map(Role::id).toList());
        params.put("description", description == null ? "" : description);
        params.put("now", clock.instant().atZone(ZoneOffset.UTC));
        params.put("actor", actor);
        params.put("expiresAt", expiresAt == null ? null : expiresAt.atZone(ZoneOffset.UTC));
        TokenInfo info = db.write(tx -> {
            TokenInfo created = info(tx.run(CREATE, params).single());
            audit.append(tx, actor, AuditEntry.of("token.create", "token:" + id, null, created, description)
                    .withDetails(Map.of("principal", principal, "roles", params.get("roles"))));
            return created;
        });
        return new IssuedToken(token, info);
    }

    public List<TokenInfo> list(boolean includeRevoked) {
        return db.read(tx -> tx.run(LIST, Map.of("includeRevoked", includeRevoked)).list(TokenService::info));
    }

    public TokenInfo revoke(String id, String actor) {
        TokenInfo revoked = db.write(tx -> {
            List<Record> rows = tx.run(REVOKE, Map.of("id", id, "actor", actor,
                    "now", clock.instant().atZone(ZoneOffset.UTC))).list();
            if (rows.isEmpty()) {
                throw new NotFound("id", "No token with id " + id);
            }
            TokenInfo after = info(rows.get(0));
            // Revoking a revoked token changes nothing, so there is nothing to record.
            if (!rows.get(0).get("already").asBoolean()) {
                audit.append(tx, actor, AuditEntry.of("token.revoke", "token:" + id, null, after, null)
                        .withDetails(Map.of("principal", after.principal())));
            }
            return after;
        });
        // After the commit, so no check that raced the revocation can cache the token again.
        recent.invalidateAll();
        return revoked;
    }

    /** Forgets every check remembered: after a restore replaced the tokens, none of them may be trusted. */
    public void forgetCached() {
        recent.invalidateAll();
        failed.forgetRefused();
    }

    /**
     * Makes sure an admin can get in: installs the configured admin token, or on the very first start (no token
     * at all) creates one and returns it so it can be printed once.
     */
    public Optional<String> bootstrapAdmin(String configuredToken) {
        var now = clock.instant().atZone(ZoneOffset.UTC);
        if (!configuredToken.isEmpty()) {
            db.write(tx -> {
                var result = tx.run(INSTALL, Map.of("hash", hash(configuredToken), "id", newId(), "now", now));
                boolean wasRevoked = result.single().get("wasRevoked").asBoolean();
                boolean created = result.consume().counters().nodesCreated() > 0;
                // Installing the same token again changes nothing, unless it had been revoked meanwhile.
                if (created || wasRevoked) {
                    audit.append(tx, "pedigree", AuditEntry.of("token.install", "token:admin", null,
                            Map.of("principal", "admin"), created ? "PEDIGREE_ADMIN_TOKEN configured"
                                    : "PEDIGREE_ADMIN_TOKEN configured again after it was revoked"));
                }
                return null;
            });
            // The configured token may have been revoked and refused a moment ago; it is good again now.
            failed.forgetRefused();
            return Optional.empty();
        }
        Record claim = db.write(tx -> tx.run(CLAIM_BOOTSTRAP, Map.of("now", now)).single());
        if (!claim.get("fresh").asBoolean() || claim.get("tokens").asLong() > 0) {
            return Optional.empty();
        }
        return Optional.of(create("admin", EnumSet.of(Role.ADMIN), "created on first start", null, "pedigree")
                .token());
    }

    private static TokenInfo info(Record r) {
        Value t = r.get("t");
        return new TokenInfo(t.get("id").asString(), t.get("principal").asString(),
                t.get("roles").asList(Value::asString), t.get("description").asString(""),
                instant(t.get("createdAt")), t.get("createdBy").asString(null), instant(t.get("expiresAt")),
                instant(t.get("revokedAt")), t.get("revokedBy").asString(null));
    }

    private static Instant instant(Value v) {
        return v.isNull() ? null : v.asZonedDateTime().toInstant();
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
