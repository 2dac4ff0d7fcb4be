package io.pedigree.testing;

import io.pedigree.store.EmbeddedNeo4j;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.testcontainers.neo4j.Neo4jContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one Neo4j of a test JVM, reached over Bolt like any server. By default an embedded Neo4j in a temporary
 * directory; with {@code -Dpedigree.test.neo4j=testcontainers} (where Docker runs) a Neo4j 5.26 container.
 */
public final class TestNeo4j {

    private static String uri;
    private static String password = "";
    private static Driver driver;

    private TestNeo4j() {
    }

    /** The Bolt URI of the shared instance, started on first use and stopped when the JVM exits. */
    public static synchronized String uri() {
        if (uri == null) {
            if ("testcontainers".equals(System.getProperty("pedigree.test.neo4j"))) {
                @SuppressWarnings("resource")
                Neo4jContainer container = new Neo4jContainer("neo4j:5.26-community").withAdminPassword("pedigree-test");
                container.start();
                uri = container.getBoltUrl();
                password = "pedigree-test";
                Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            } else {
                try {
                    Path home = Files.createTempDirectory("pedigree-test-neo4j");
                    EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(home, 0);
                    uri = neo4j.boltUri();
                    Runtime.getRuntime().addShutdownHook(new Thread(neo4j::close));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return uri;
    }

    public static String password() {
        uri();
        return password;
    }

    /** A driver to the shared instance, for tests that look at the graph directly. */
    public static synchronized Driver driver() {
        if (driver == null) {
            driver = GraphDatabase.driver(uri(), password.isEmpty() ? AuthTokens.none()
                    : AuthTokens.basic("neo4j", password));
        }
        return driver;
    }

    /** Deletes every node except the schema records, so each test starts from an empty graph. */
    public static void wipe() {
        try (var session = driver().session()) {
            session.run("MATCH (n) WHERE NOT n:SchemaMigration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")
                    .consume();
        }
    }
}
