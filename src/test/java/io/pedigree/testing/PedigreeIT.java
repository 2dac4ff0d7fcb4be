package io.pedigree.testing;

import io.pedigree.App;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Base for full-stack tests: one real application per test class on a free port, talking over Bolt to the
 * shared Neo4j, which is wiped (but for schema records) before every test; {@link #admin} holds the admin token.
 * A class that needs other settings (a small limit, another auth mode) overrides {@link #settings()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PedigreeIT {

    protected App app;
    protected Api admin;

    @BeforeAll
    void startApp() {
        app = TestApp.start(settings(), clock());
        admin = Api.admin(app);
    }

    /**
     * The clock this class's app records time with; override with a {@link MutableClock} to order events by
     * moving it instead of sleeping.
     */
    protected java.time.Clock clock() {
        return java.time.Clock.systemUTC();
    }

    /** The settings this class's app starts with; override to change a limit or mode for a whole class. */
    protected java.util.Map<String, String> settings() {
        return TestApp.settings();
    }

    @BeforeEach
    void cleanGraph() {
        resetGraph();
    }

    /** Empties the graph under the running app, as if it had started on an empty store. */
    protected void resetGraph() {
        // Nothing the app accepted is left to be applied into the emptied graph.
        app.openLineage().awaitApplied(java.time.Duration.ofSeconds(60));
        TestNeo4j.wipe();
        // The wipe removed the admin token too; install it again the way a start does, through the app's own
        // token service so it forgets any refusal of that token from the test before.
        app.tokens().bootstrapAdmin(TestApp.ADMIN_TOKEN);
        // And the OpenLineage digests the app remembers as stored are stored no more.
        app.openLineage().forgetRemembered();
    }

    @AfterAll
    void stopApp() {
        if (app != null) {
            app.close();
        }
    }
}
