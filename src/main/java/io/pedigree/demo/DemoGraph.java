package io.pedigree.demo;

import io.pedigree.lineage.Batch;
import io.pedigree.lineage.Limits;
import io.pedigree.lineage.NodeInput;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.Properties;
import io.pedigree.lineage.RelationInput;
import io.pedigree.lineage.RelationType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Collects the demo's nodes and relations, every one at a fixed instant, so each load writes the same batch.
 *
 * <p>It refuses what would make the story incoherent under time travel: an instant outside the demo window,
 * a key recorded twice, or a relation that starts before either of its ends exists.
 */
final class DemoGraph {

    static final Instant EARLIEST = Instant.parse("2026-08-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2026-11-15T23:59:59Z");

    // Only to satisfy Properties' validation; the demo's metadata is far below any configured limit.
    private static final Limits LIMITS = new Limits(128, 16_384, 100_000, 50, 10_000, 2_000);

    private final Map<NodeKey, NodeInput> nodes = new LinkedHashMap<>();
    private final List<RelationInput> relations = new ArrayList<>();
    private final Set<List<Object>> relationIds = new HashSet<>();

    /** One step of a rollout: from {@code at} on, the deployment serves {@code version} (until the next step). */
    record Step(Instant at, NodeKey version) {
    }

    static NodeKey key(String key) {
        return NodeKey.parse("key", key);
    }

    static Instant at(LocalDate day, int hour, int minute) {
        return day.atTime(hour, minute).toInstant(ZoneOffset.UTC);
    }

    /** An instant written as {@code 2026-08-03T15:20}, in UTC. */
    static Instant at(String utc) {
        return Instant.parse(utc + ":00Z");
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /** A stable, realistic-looking hex digest of {@code seed} (commit SHAs, artifact checksums). */
    static String digest(String algorithm, String seed) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                    .digest(seed.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records a node valid from {@code validFrom}; properties are given as name, value, name, value, .... */
    NodeKey add(String key, Instant validFrom, Object... properties) {
        return add(key(key), validFrom, properties);
    }

    NodeKey add(NodeKey key, Instant validFrom, Object... properties) {
        inWindow(key.toString(), validFrom);
        if (nodes.putIfAbsent(key, new NodeInput(key, properties(properties), null, validFrom)) != null) {
            throw new IllegalStateException("The demo records " + key + " twice");
        }
        return key;
    }

    Instant validFrom(NodeKey key) {
        NodeInput n = nodes.get(key);
        if (n == null) {
            throw new IllegalStateException("The demo has no node " + key + " (yet)");
        }
        return n.validFrom();
    }

    /** Relates {@code from} to each of {@code to}, from the moment {@code from} came to be. */
    void link(NodeKey from, RelationType type, NodeKey... to) {
        for (NodeKey t : to) {
            during(from, type, t, validFrom(from), null);
        }
    }

    /** Relates {@code from} to {@code to} for an explicit interval ({@code end} null: still valid). */
    void during(NodeKey from, RelationType type, NodeKey to, Instant start, Instant end) {
        inWindow(from + " " + type + " " + to, start);
        if (end != null) {
            inWindow(from + " " + type + " " + to, end);
        }
        for (NodeKey k : List.of(from, to)) {
            if (validFrom(k).isAfter(start)) {
                throw new IllegalStateException(from + " " + type + " " + to + " starts at " + start + ", before "
                        + k + " exists (" + validFrom(k) + ")");
            }
        }
        if (!relationIds.add(List.of(from, type, to, start))) {
            throw new IllegalStateException("The demo records " + from + " " + type + " " + to + " twice");
        }
        relations.add(new RelationInput(from, type, to, start, end, null));
    }

    /** Gives {@code person} each of {@code owned} from the moment it came to be. */
    void own(NodeKey person, NodeKey... owned) {
        for (NodeKey o : owned) {
            during(o, RelationType.OWNED_BY, person, validFrom(o), null);
        }
    }

    /** Records what a deployment served over time: each step until the next, the last one still serving. */
    void rollout(NodeKey deployment, List<Step> steps) {
        for (int i = 0; i < steps.size(); i++) {
            Instant end = i + 1 < steps.size() ? steps.get(i + 1).at() : null;
            during(deployment, RelationType.SERVES, steps.get(i).version(), steps.get(i).at(), end);
        }
    }

    /** The version a rollout served at {@code t}. */
    static NodeKey live(List<Step> steps, Instant t) {
        NodeKey out = null;
        for (Step s : steps) {
            if (!s.at().isAfter(t)) {
                out = s.version();
            }
        }
        if (out == null) {
            throw new IllegalStateException("Nothing was served yet at " + t);
        }
        return out;
    }

    /** The newest entry of a history at {@code t} (the commit checked out when a run started, say). */
    static NodeKey latest(NavigableMap<Instant, NodeKey> history, Instant t) {
        Map.Entry<Instant, NodeKey> e = history.floorEntry(t);
        if (e == null) {
            throw new IllegalStateException("Nothing in the history yet at " + t);
        }
        return e.getValue();
    }

    /**
     * Records a repository's commits, each derived from its parent; {@code log} alternates the commit time
     * ({@code 2026-08-03T15:20}) and its message. Answers the commits by time.
     */
    NavigableMap<Instant, NodeKey> commits(String repository, NodeKey author, String... log) {
        NavigableMap<Instant, NodeKey> out = new TreeMap<>();
        NodeKey parent = null;
        for (int i = 0; i < log.length; i += 2) {
            Instant when = at(log[i]);
            NodeKey commit = add("commit:" + repository + "@" + digest("SHA-1", repository + "\n" + log[i + 1]),
                    when, "message", log[i + 1], "author", author.name(), "repository", "https://" + repository);
            if (parent != null) {
                link(commit, RelationType.DERIVED_FROM, parent);
            }
            out.put(when, commit);
            parent = commit;
        }
        return out;
    }

    /**
     * The batch: every node and relation recorded, plus a bare family node for each versioned name that has
     * none, valid from its first version (so the family exists as far back as any of its versions).
     */
    Batch batch() {
        Map<NodeKey, Instant> firstVersion = new TreeMap<>(Comparator.comparing(NodeKey::toString));
        nodes.values().forEach(n -> n.key().family().ifPresent(f -> firstVersion.merge(f, n.validFrom(),
                (a, b) -> a.isBefore(b) ? a : b)));
        List<NodeInput> out = new ArrayList<>(nodes.values());
        firstVersion.forEach((family, first) -> {
            NodeInput given = nodes.get(family);
            if (given == null) {
                out.add(new NodeInput(family, Properties.EMPTY, null, first));
            } else if (given.validFrom().isAfter(first)) {
                throw new IllegalStateException(family + " is valid from " + given.validFrom()
                        + ", after its first version (" + first + ")");
            }
        });
        return new Batch(out, relations);
    }

    private static void inWindow(String what, Instant t) {
        if (t == null || t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw new IllegalStateException(what + " is dated " + t + ", outside the demo's " + EARLIEST + " to "
                    + LATEST);
        }
    }

    private static Properties properties(Object... nameValue) {
        if (nameValue.length % 2 != 0) {
            throw new IllegalArgumentException("Properties come as name, value pairs");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            map.put((String) nameValue[i], nameValue[i + 1]);
        }
        return Properties.of("properties", map, LIMITS);
    }
}
