package io.pedigree.store;

import io.pedigree.error.PedigreeException.StartupFailure;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Schema files on a Neo4j of their own, so their records do not mix with the application's schema. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigrationsIT {

    private EmbeddedNeo4j neo4j;
    private Driver driver;
    private Database db;

    @BeforeAll
    void start() {
        neo4j = EmbeddedNeo4j.start(TestApp.tempDir("pedigree-migrations"), 0);
        driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none());
        db = new Database(driver, null, Duration.ofSeconds(30));
    }

    @AfterAll
    void stop() {
        driver.close();
        neo4j.close();
    }

    private static Path dir(String... nameAndContent) throws IOException {
        Path d = TestApp.tempDir("cypher");
        for (int i = 0; i < nameAndContent.length; i += 2) {
            Files.writeString(d.resolve(nameAndContent[i]), nameAndContent[i + 1]);
        }
        return d;
    }

    private long count(String cypher) {
        return db.read(tx -> tx.run(cypher).single().get(0).asLong());
    }

    @Test
    void filesAreAppliedInOrderExactlyOnceAndAnEditedAppliedFileStopsTheStart() throws IOException {
        Path d = dir("V0002__second.cypher", "CREATE INDEX thing_size IF NOT EXISTS FOR (t:Thing) ON (t.size);",
                "V0001__first.cypher", "// things are unique\nCREATE CONSTRAINT thing_id IF NOT EXISTS FOR (t:Thing) REQUIRE t.id IS UNIQUE;\n",
                "README.txt", "not a migration");

        assertThat(new Migrations(db, Migrations.fromDirectory(d), java.time.Clock.systemUTC()).apply()).isEqualTo(2);
        assertThat(new Migrations(db, Migrations.fromDirectory(d), java.time.Clock.systemUTC()).apply()).isEqualTo(2);

        assertThat(count("MATCH (m:SchemaMigration) RETURN count(m)")).isEqualTo(2);
        assertThat(count("SHOW CONSTRAINTS YIELD name WHERE name = 'thing_id' RETURN count(*)")).isEqualTo(1);
        assertThat(count("SHOW INDEXES YIELD name WHERE name = 'thing_size' RETURN count(*)")).isEqualTo(1);

        Files.writeString(d.resolve("V0001__first.cypher"),
                "CREATE CONSTRAINT thing_key IF NOT EXISTS FOR (t:Thing) REQUIRE t.key IS UNIQUE;");
        assertThatThrownBy(() -> new Migrations(db, Migrations.fromDirectory(d), java.time.Clock.systemUTC()).apply())
                .isInstanceOf(StartupFailure.class)
                .hasMessageContaining("V0001__first.cypher").hasMessageContaining("changed after it was applied");
        assertThat(count("SHOW CONSTRAINTS YIELD name WHERE name = 'thing_key' RETURN count(*)")).isZero();
    }

    @Test
    void misnamedOrDuplicateFilesAreRefused() throws IOException {
        assertThatThrownBy(() -> Migrations.fromDirectory(dir("V1_bad.cypher", "RETURN 1;")))
                .isInstanceOf(StartupFailure.class).hasMessageContaining("V1_bad.cypher");
        assertThatThrownBy(() -> Migrations.fromDirectory(dir("V0003__a.cypher", "RETURN 1;",
                "V0003__b.cypher", "RETURN 1;"))).isInstanceOf(StartupFailure.class).hasMessageContaining("3");
    }

    @Test
    void theShippedSchemaFilesParseIntoStatements() {
        List<Migrations.Migration> shipped = Migrations.fromClasspath();
        assertThat(shipped).extracting(Migrations.Migration::version).startsWith(1, 2);
        assertThat(shipped).allSatisfy(m -> assertThat(m.statements()).isNotEmpty());
    }
}
