package io.pedigree.corrections;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditEvent;
import io.pedigree.audit.AuditLog;
import io.pedigree.audit.Erasures;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.Properties;
import io.pedigree.store.Database;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Erases a person's personal data on request: the person node's property values, its e-mail address wherever it
 * appears in free text (node and relation properties, registry records), and the same in the content of audit
 * events. The key, which is itself an e-mail address, is replaced by a random pseudonym everywhere it is named, so
 * relations and ownership stay intact but point at no one identifiable. All in one transaction, audited.
 */
public final class PersonalData {

    /** What replaces each erased value. */
    public static final String MARKER = "[erased]";

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

    private static final String PERSON = """
            MATCH (p:Node:Person {key: $key})
            SET p._lock = true REMOVE p._lock
            RETURN p AS person, elementId(p) AS id
            """;

    // Free text has no index: erasure reads every record that may hold text, once, as a rare admin request does.
    // Tokens and sessions are accounts, not records about people, and the audit log is rewritten by its own rules.
    private static final String NODES_HOLDING = """
            MATCH (n)
            WHERE NOT n:AuditEvent AND NOT n:AuditHead AND NOT n:AuditTarget AND NOT n:AuditKeys AND NOT n:ApiToken
              AND NOT n:WebSession AND NOT n:SchemaMigration AND NOT n:Bootstrap
              AND any(k IN keys(n) WHERE any(t IN $terms WHERE
                  (n[k] IS :: STRING AND toLower(n[k]) CONTAINS t)
                  OR (n[k] IS :: LIST<STRING> AND any(x IN n[k] WHERE toLower(x) CONTAINS t))))
            RETURN elementId(n) AS id, properties(n) AS props
            """;

    private static final String RELATIONS_HOLDING = """
            MATCH ()-[r]->()
            WHERE any(k IN keys(r) WHERE any(t IN $terms WHERE
                  (r[k] IS :: STRING AND toLower(r[k]) CONTAINS t)
                  OR (r[k] IS :: LIST<STRING> AND any(x IN r[k] WHERE toLower(x) CONTAINS t))))
            RETURN elementId(r) AS id, properties(r) AS props
            """;

    private static final String SET_NODE = "MATCH (n) WHERE elementId(n) = $id SET n = $props";
    private static final String SET_RELATION = "MATCH ()-[r]->() WHERE elementId(r) = $id SET r = $props";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final AuditLog audit;
    private final Clock clock;

    public PersonalData(Database db, AuditLog audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    /** Erases the person {@code key}; {@code reason} (the request's reference) is recorded, its e-mails erased. */
    public Erasure erase(NodeKey key, String reason, String actor) {
        if (key.kind() != Kind.PERSON) {
            throw new InvalidInput("key", "Only a person's data is erased; " + key + " is a " + key.kind().id());
        }
        if (reason == null || reason.isBlank()) {
            throw new InvalidInput("reason", "An erasure needs a reason, such as the request's reference");
        }
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        return db.write(tx -> {
            List<Record> found = tx.run(PERSON, Map.of("key", key.toString())).list();
            if (found.isEmpty()) {
                throw new NotFound("key", "No person with key " + key);
            }
            Value person = found.get(0).get("person");
            // Random, not a hash of the key: a hash of an e-mail address can be confirmed by anyone who guesses it.
            NodeKey pseudonym = NodeKey.of(Kind.PERSON, "erased-" + HexFormat.of().formatHex(randomBytes()));
            List<Erasures.Rewrite> rewrites = rewrites(key, person, pseudonym);
            List<String> terms = rewrites.stream().map(r -> r.find().toLowerCase(java.util.Locale.ROOT)).toList();
            erasePerson(tx, found.get(0).get("id").asString(), person, pseudonym, now, actor);
            int nodes = 1;
            for (Record r : tx.run(NODES_HOLDING, Map.of("terms", terms)).list()) {
                Map<String, Object> props = rewrite(r.get("props").asMap(), rewrites);
                rehash(props);
                tx.run(SET_NODE, Map.of("id", r.get("id").asString(), "props", props)).consume();
                nodes++;
            }
            int relations = 0;
            for (Record r : tx.run(RELATIONS_HOLDING, Map.of("terms", terms)).list()) {
                tx.run(SET_RELATION, Map.of("id", r.get("id").asString(),
                        "props", rewrite(r.get("props").asMap(), rewrites))).consume();
                relations++;
            }
            String why = rewrites.stream().reduce(reason.strip(), (text, r) -> r.apply(text), (a, b) -> b);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("nodes", nodes);
            details.put("relations", relations);
            details.put("erasedAt", now.toInstant().toString());
            AuditEvent e = audit.erasures().erase(tx, actor, rewrites, new AuditEntry(Erasures.ACTION,
                    pseudonym.toString(), List.of(), null, null, why, details));
            List<Long> changed = new ArrayList<>();
            Object events = e.details().get("events");
            if (events instanceof List<?> list) {
                for (Object o : list) {
                    changed.add(((Number) ((Map<?, ?>) o).get("seq")).longValue());
                }
            }
            return new Erasure(key.toString(), pseudonym.toString(), nodes, relations, changed.size(), changed,
                    e.seq());
        });
    }

    /** The key first (it holds the address), then each e-mail address the person's properties hold. */
    private static List<Erasures.Rewrite> rewrites(NodeKey key, Value person, NodeKey pseudonym) {
        List<Erasures.Rewrite> out = new ArrayList<>();
        out.add(new Erasures.Rewrite(key.toString(), pseudonym.toString()));
        Set<String> emails = new LinkedHashSet<>();
        collectEmails(key.name(), emails);
        Properties.fromJson(person.get("props").asString("{}")).values().values()
                .forEach(v -> collectEmails(String.valueOf(v), emails));
        emails.forEach(m -> out.add(new Erasures.Rewrite(m, MARKER)));
        return out;
    }

    private static void collectEmails(String text, Set<String> out) {
        Matcher m = EMAIL.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
    }

    /** Every property value of the person becomes the marker; its identity becomes the pseudonym. */
    private static void erasePerson(TransactionContext tx, String id, Value person, NodeKey pseudonym,
                                    ZonedDateTime now, String actor) {
        Map<String, Object> props = new TreeMap<>(person.asMap());
        Properties erased = Properties.fromJson(person.get("props").asString("{}")).withEveryValue(MARKER);
        props.keySet().removeIf(k -> k.startsWith(Properties.NATIVE_PREFIX));
        erased.values().keySet().forEach(k -> props.put(Properties.NATIVE_PREFIX + k, MARKER));
        props.put("key", pseudonym.toString());
        props.put("name", pseudonym.name());
        props.put("nameLower", pseudonym.name());
        props.put("props", erased.toJson());
        props.put("contentHash", erased.contentHash(pseudonym.toString()));
        props.put("erasedAt", now);
        props.put("erasedBy", actor);
        props.put("updatedAt", now);
        props.put("updatedBy", actor);
        tx.run(SET_NODE, Map.of("id", id, "props", props)).consume();
    }

    private static Map<String, Object> rewrite(Map<String, Object> props, List<Erasures.Rewrite> rewrites) {
        Map<String, Object> out = new LinkedHashMap<>();
        props.forEach((k, v) -> out.put(k, rewriteValue(v, rewrites)));
        return out;
    }

    private static Object rewriteValue(Object v, List<Erasures.Rewrite> rewrites) {
        if (v instanceof String s) {
            for (Erasures.Rewrite r : rewrites) {
                s = r.apply(s);
            }
            return s;
        }
        if (v instanceof List<?> list) {
            return list.stream().map(x -> rewriteValue(x, rewrites)).toList();
        }
        return v;
    }

    /** A lineage node whose properties changed gets the content hash of what it now holds. */
    private static void rehash(Map<String, Object> props) {
        if (props.get("props") instanceof String json && props.get("key") instanceof String k
                && props.containsKey("contentHash")) {
            props.put("contentHash", Properties.fromJson(json).contentHash(k));
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }
}
