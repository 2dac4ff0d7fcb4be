package io.pedigree.store;

import io.pedigree.error.PedigreeException.StartupFailure;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Applies the versioned schema files {@code V0001__description.cypher} in order, each exactly once, and records
 * each in the graph with its checksum. An applied file whose checksum changed stops the start.
 *
 * <p>Statements must be idempotent ({@code IF NOT EXISTS}): several instances may start at once, and a statement
 * that ran before a crash runs again.
 */
public final class Migrations {

    private static final Pattern FILE_NAME = Pattern.compile("V(\\d{4,})__([A-Za-z0-9_]+)\\.cypher");

    /** One schema file. */
    public record Migration(int version, String description, String script) {
        public String checksum() {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256")
                        .digest(script.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        List<String> statements() {
            List<String> out = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : script.split("\\R")) {
                String trimmed = line.strip();
                if (trimmed.startsWith("//") || trimmed.isEmpty()) {
                    continue;
                }
                current.append(line).append('\n');
                if (trimmed.endsWith(";")) {
                    out.add(current.toString().strip().replaceAll(";$", ""));
                    current.setLength(0);
                }
            }
            if (!current.toString().isBlank()) {
                out.add(current.toString().strip());
            }
            return out;
        }
    }

    private final Database db;
    private final List<Migration> migrations;
    private final Clock clock;

    public Migrations(Database db, List<Migration> migrations, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.migrations = migrations.stream().sorted(Comparator.comparingInt(Migration::version)).toList();
    }

    /** Applies what is pending and returns the schema version now in force. */
    public int apply() {
        db.schema("CREATE CONSTRAINT schema_migration_version IF NOT EXISTS "
                + "FOR (m:SchemaMigration) REQUIRE m.version IS UNIQUE");
        Map<Integer, String> applied = db.read(tx -> {
            Map<Integer, String> out = new java.util.HashMap<>();
            tx.run("MATCH (m:SchemaMigration) RETURN m.version AS version, m.checksum AS checksum")
                    .forEachRemaining(r -> out.put(r.get("version").asInt(), r.get("checksum").asString()));
            return out;
        });
        for (Migration m : migrations) {
            String recorded = applied.get(m.version());
            if (recorded != null) {
                if (!recorded.equals(m.checksum())) {
                    throw new StartupFailure(String.format(
                            "Schema file V%04d__%s.cypher was changed after it was applied (recorded checksum %s, now"
                                    + " %s). Applied schema files are immutable: restore it and put the change in a"
                                    + " new file with a higher version.",
                            m.version(), m.description(), recorded.substring(0, 12), m.checksum().substring(0, 12)),
                            null);
                }
                continue;
            }
            for (String statement : m.statements()) {
                db.schema(statement);
            }
            db.write(tx -> tx.run("""
                    MERGE (m:SchemaMigration {version: $version})
                    ON CREATE SET m.description = $description, m.checksum = $checksum, m.appliedAt = $now
                    """, Map.of("version", m.version(), "description", m.description(), "checksum", m.checksum(),
                    "now", clock.instant().atZone(ZoneOffset.UTC))).consume());
        }
        db.schema("CALL db.awaitIndexes(300)");
        return currentVersion(db);
    }

    /** The highest applied schema version, or 0. */
    public static int currentVersion(Database db) {
        return db.read(tx -> tx.run("MATCH (m:SchemaMigration) RETURN coalesce(max(m.version), 0) AS v")
                .single().get("v").asInt());
    }

    /** The schema files packaged under {@code cypher/} on the class path. */
    public static List<Migration> fromClasspath() {
        URL url = Migrations.class.getClassLoader().getResource("cypher");
        if (url == null) {
            throw new StartupFailure("No schema files found on the class path under cypher/", null);
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                // A JarFile shares the class loader's parsed index of the (large, shaded) jar; a zip file system
                // would read the whole index again, which costs most of a second at start.
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    return fromJar(jar);
                }
            }
            return fromDirectory(Path.of(uri));
        } catch (IOException | URISyntaxException e) {
            throw new StartupFailure("Cannot read the schema files: " + e.getMessage(), e);
        }
    }

    /** The schema files in a directory; other files are ignored, misnamed {@code .cypher} files refused. */
    public static List<Migration> fromDirectory(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Migration> out = new ArrayList<>();
            for (Path f : files.sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    add(out, f.getFileName().toString(), in);
                }
            }
            return checked(out);
        } catch (IOException e) {
            throw new StartupFailure("Cannot read the schema files in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<Migration> fromJar(JarFile jar) throws IOException {
        List<JarEntry> entries = jar.stream()
                .filter(e -> !e.isDirectory() && e.getName().startsWith("cypher/")
                        && e.getName().indexOf('/', "cypher/".length()) < 0)
                .sorted(Comparator.comparing(JarEntry::getName)).toList();
        List<Migration> out = new ArrayList<>();
        for (JarEntry e : entries) {
            try (InputStream in = jar.getInputStream(e)) {
                add(out, e.getName().substring("cypher/".length()), in);
            }
        }
        return checked(out);
    }

    private static void add(List<Migration> out, String name, InputStream in) throws IOException {
        if (!name.endsWith(".cypher")) {
            return;
        }
        Matcher m = FILE_NAME.matcher(name);
        if (!m.matches()) {
            throw new StartupFailure("Schema file " + name + " is not named V<number>__<description>.cypher", null);
        }
        out.add(new Migration(Integer.parseInt(m.group(1)), m.group(2),
                new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    }

    private static List<Migration> checked(List<Migration> out) {
        Optional<Integer> dup = out.stream().map(Migration::version)
                .filter(v -> out.stream().filter(o -> o.version() == v).count() > 1).findFirst();
        if (dup.isPresent()) {
            throw new StartupFailure("Two schema files share version " + dup.get(), null);
        }
        return out;
    }
}
