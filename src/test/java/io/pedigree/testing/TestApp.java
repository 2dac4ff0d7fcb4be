package io.pedigree.testing;

import io.pedigree.App;
import io.pedigree.config.Config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Builds the real application for tests: the same composition root, pointed at the shared test Neo4j. */
public final class TestApp {

    public static final String ADMIN_TOKEN = "pdg_test-admin-token-0123456789abcdef0123456789";

    private TestApp() {
    }

    /** Settings for an app on a free port, using the shared Neo4j as an external server. */
    public static Map<String, String> settings() {
        Map<String, String> env = new HashMap<>();
        env.put("PEDIGREE_PORT", "0");
        env.put("NEO4J_URI", TestNeo4j.uri());
        env.put("NEO4J_PASSWORD", TestNeo4j.password());
        env.put("PEDIGREE_ADMIN_TOKEN", ADMIN_TOKEN);
        try {
            env.put("PEDIGREE_DATA_DIR", Files.createTempDirectory("pedigree-test-data").toString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return env;
    }

    public static App start() {
        return start(settings());
    }

    public static App start(Map<String, String> settings) {
        return started(App.start(Config.fromMap(settings)));
    }

    public static App start(Map<String, String> settings, java.time.Clock clock) {
        return started(App.start(Config.fromMap(settings), clock));
    }

    private static final java.util.Set<App> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static App started(App app) {
        RUNNING.add(app);
        return app;
    }

    /**
     * Waits until every running app has applied the OpenLineage events it accepted, as a request to it would:
     * for checks that read the graph directly, bypassing the API.
     */
    public static void awaitApplied() {
        RUNNING.removeIf(App::closed);
        RUNNING.forEach(a -> a.openLineage().awaitApplied(java.time.Duration.ofSeconds(60)));
    }

    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
