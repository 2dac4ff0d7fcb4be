package io.pedigree.store;

import io.pedigree.error.PedigreeException.StartupFailure;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

import java.nio.file.Path;

/**
 * Neo4j Community started inside this JVM with a Bolt connector on 127.0.0.1, so the application (and Neo4j
 * Browser or cypher-shell) reaches it over Bolt exactly as it would reach a separate server.
 */
public final class EmbeddedNeo4j implements AutoCloseable {

    private final Path home;
    private final DatabaseManagementService service;
    private final int boltPort;

    private EmbeddedNeo4j(Path home, DatabaseManagementService service, int boltPort) {
        this.home = home;
        this.service = service;
        this.boltPort = boltPort;
    }

    /** Starts Neo4j with a 512 MiB page cache and Neo4j's own transaction memory limit; see below. */
    public static EmbeddedNeo4j start(Path home, int boltPort) {
        return start(home, boltPort, ByteUnit.mebiBytes(512), 0);
    }

    /**
     * Starts Neo4j with its store under {@code home}; a Bolt port of 0 picks a free one. The page cache is
     * allocated outside the Java heap as the store is read, up to {@code pageCacheBytes}; {@code transactionBytes}
     * bounds the heap all running transactions hold together (0 keeps Neo4j's default, 70% of the heap), so a
     * query too large for the heap fails alone instead of taking the process down.
     */
    public static EmbeddedNeo4j start(Path home, int boltPort, long pageCacheBytes, long transactionBytes) {
        DatabaseManagementService service;
        try {
            DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", boltPort))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", boltPort))
                    .setConfig(GraphDatabaseSettings.pagecache_memory, pageCacheBytes)
                    .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files");
            if (transactionBytes > 0) {
                builder.setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, transactionBytes);
            }
            service = builder.build();
        } catch (RuntimeException e) {
            throw new StartupFailure("The embedded Neo4j could not start with its store at " + home
                    + " and Bolt on 127.0.0.1:" + boltPort + " (" + rootMessage(e) + "). If another Neo4j holds the"
                    + " port, set PEDIGREE_EMBEDDED_BOLT_PORT; if another Pedigree uses the data directory, stop it"
                    + " or set PEDIGREE_DATA_DIR.", e);
        }
        try {
            GraphDatabaseAPI db = (GraphDatabaseAPI) service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            int port = db.getDependencyResolver().resolveDependency(ConnectorPortRegister.class)
                    .getLocalAddress(ConnectorType.BOLT).getPort();
            return new EmbeddedNeo4j(home, service, port);
        } catch (RuntimeException e) {
            service.shutdown();
            throw new StartupFailure("The embedded Neo4j started but its Bolt connector did not: " + rootMessage(e), e);
        }
    }

    public String boltUri() {
        return "bolt://127.0.0.1:" + boltPort;
    }

    public int boltPort() {
        return boltPort;
    }

    public Path home() {
        return home;
    }

    @Override
    public void close() {
        service.shutdown();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
