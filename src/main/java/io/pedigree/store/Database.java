package io.pedigree.store;

import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.QueryTimeout;
import io.pedigree.error.PedigreeException.Unavailable;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Bookmark;
import org.neo4j.driver.BookmarkManager;
import org.neo4j.driver.BookmarkManagerConfig;
import org.neo4j.driver.BookmarkManagers;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionCallback;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.neo4j.driver.exceptions.TransientException;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Access to Neo4j through the Java driver: reads in read transactions, writes in write transactions, both managed
 * (retried on transient errors) and bounded by the query timeout.
 *
 * <p>Causal consistency: every session shares one bookmark manager, so this instance always reads its own
 * writes. A client that talks to several instances behind a load balancer passes the bookmark it got from a
 * write (see {@link #currentBookmarks()}) to its next read, which {@link #withClientBookmarks} honours.
 */
public final class Database {

    private final Driver driver;
    private final String databaseName;
    private final TransactionConfig txConfig;
    private final BookmarkManager bookmarks = BookmarkManagers.defaultManager(BookmarkManagerConfig.builder().build());
    private final ThreadLocal<ClientBookmarks> clientBookmarks = new ThreadLocal<>();
    private final java.util.concurrent.atomic.LongAdder sessions = new java.util.concurrent.atomic.LongAdder();

    /** Bookmarks a client sent, and the name of the input they came in, for errors about them. */
    private record ClientBookmarks(String source, Set<Bookmark> marks) {
    }

    public Database(Driver driver, String databaseName, Duration queryTimeout) {
        this.driver = driver;
        this.databaseName = databaseName == null || databaseName.isBlank() ? null : databaseName;
        this.txConfig = TransactionConfig.builder().withTimeout(queryTimeout).build();
    }

    public <T> T read(TransactionCallback<T> work) {
        try (Session session = session(AccessMode.READ)) {
            return session.executeRead(work, txConfig);
        } catch (Neo4jException e) {
            throw failure(e);
        }
    }

    public <T> T write(TransactionCallback<T> work) {
        try (Session session = session(AccessMode.WRITE)) {
            return session.executeWrite(work, txConfig);
        } catch (Neo4jException e) {
            throw failure(e);
        }
    }

    /**
     * A write transaction allowed {@code timeouts} times the configured timeout: for a batch, whose work grows with
     * its size while the timeout is meant for one query.
     */
    public <T> T write(TransactionCallback<T> work, int timeouts) {
        Duration timeout = txConfig.timeout().multipliedBy(Math.max(1, timeouts));
        try (Session session = session(AccessMode.WRITE)) {
            return session.executeWrite(work, TransactionConfig.builder().withTimeout(timeout).build());
        } catch (Neo4jException e) {
            throw failure(e);
        }
    }

    /**
     * Streams the rows of one read query to {@code each} as they arrive, in an auto-commit transaction that is never
     * retried and may run for {@code timeout}: for a reader that writes what it reads elsewhere as it goes (an
     * export), where a retry would write the first rows twice. Answers the number of rows.
     */
    public long stream(String query, java.util.Map<String, Object> parameters, Duration timeout,
                       java.util.function.Consumer<org.neo4j.driver.Record> each) {
        try (Session session = session(AccessMode.READ)) {
            var result = session.run(query, parameters, TransactionConfig.builder().withTimeout(timeout).build());
            long rows = 0;
            while (result.hasNext()) {
                each.accept(result.next());
                rows++;
            }
            return rows;
        } catch (Neo4jException e) {
            throw failure(e);
        }
    }

    /**
     * Runs one statement in an auto-commit transaction, as {@code CALL { ... } IN TRANSACTIONS} needs: it commits
     * batch by batch on its own, so it must not run inside a managed transaction.
     */
    public void inTransactions(String statement, java.util.Map<String, Object> parameters) {
        try (Session session = session(AccessMode.WRITE)) {
            session.run(statement, parameters).consume();
        } catch (Neo4jException e) {
            throw failure(e);
        }
    }

    /** Runs one schema statement in its own auto-commit transaction (schema and data may not share one). */
    public void schema(String statement) {
        try (Session session = session(AccessMode.WRITE)) {
            session.run(statement).consume();
        } catch (Neo4jException e) {
            throw failure(e);
        }
    }

    /**
     * A mark of the database's committed state: the bookmark Neo4j answers a read with names the last transaction
     * committed, by anyone, so two equal marks mean nothing was committed between them. Neo4j reads only committed
     * data, never a snapshot, so a long reader compares marks to know that what it read is one state.
     */
    public String commitMark() {
        try (Session session = session(AccessMode.READ)) {
            session.executeRead(tx -> tx.run("RETURN 1").consume(), txConfig);
            return session.lastBookmarks().stream().map(Bookmark::value).sorted()
                    .collect(java.util.stream.Collectors.joining(","));
        } catch (Neo4jException e) {
            throw failure(e);
        }
    }

    /** Whether Neo4j answers a trivial query now. */
    public boolean reachable() {
        // One auto-commit query, no retries: a health check must answer quickly when Neo4j is down.
        try (Session session = session(AccessMode.READ)) {
            return session.run("RETURN 1 AS one").single().get("one").asInt() == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Runs {@code body} with extra bookmarks a client handed in, so its reads see its own earlier writes even when
     * they went through another instance. A bookmark Neo4j cannot parse is the client's mistake: it is refused as
     * invalid input named {@code source}.
     */
    public void withClientBookmarks(String source, Set<String> values, Runnable body) {
        if (values.isEmpty()) {
            body.run();
            return;
        }
        Set<Bookmark> marks = new HashSet<>();
        values.forEach(v -> marks.add(Bookmark.from(v)));
        clientBookmarks.set(new ClientBookmarks(source, marks));
        try {
            body.run();
        } finally {
            clientBookmarks.remove();
        }
    }

    /** The bookmarks of everything this instance has written, to hand to clients after a write. */
    public List<String> currentBookmarks() {
        return bookmarks.getBookmarks().stream().map(Bookmark::value).sorted().toList();
    }

    /**
     * How many sessions (each one transaction or query at least) this instance has opened, so tests can see what
     * a request cost: every one is a round trip to Neo4j and back, and on a busy machine a thread woken twice.
     */
    public long sessionsOpened() {
        return sessions.sum();
    }

    public Driver driver() {
        return driver;
    }

    public String databaseName() {
        return databaseName;
    }

    private Session session(AccessMode mode) {
        sessions.increment();
        SessionConfig.Builder b = SessionConfig.builder().withDefaultAccessMode(mode).withBookmarkManager(bookmarks);
        ClientBookmarks extra = clientBookmarks.get();
        if (extra != null) {
            b.withBookmarks(extra.marks());
        }
        if (databaseName != null) {
            b.withDatabase(databaseName);
        }
        return driver.session(b.build());
    }

    private RuntimeException failure(Neo4jException e) {
        ClientBookmarks client = clientBookmarks.get();
        if (client != null && e.code() != null && e.code().startsWith("Neo.ClientError.Transaction.InvalidBookmark")) {
            return new InvalidInput(client.source(), "A bookmark sent is not one this service handed out; send back"
                    + " the value a write answered with, unchanged");
        }
        return translate(e);
    }

    static RuntimeException translate(Neo4jException e) {
        if (e instanceof ServiceUnavailableException || e instanceof SessionExpiredException) {
            return new Unavailable("Neo4j cannot be reached right now; retry shortly", e);
        }
        String code = e.code() == null ? "" : e.code();
        if (code.startsWith("Neo.ClientError.Transaction.TransactionTimedOut")
                || code.endsWith(".Transaction.LockClientStopped")
                || code.endsWith(".Transaction.Terminated")) {
            return new QueryTimeout("The query ran past the configured timeout and was stopped; "
                    + "ask for less (a smaller depth, a kinds filter, a narrower search)", e);
        }
        if (code.equals("Neo.TransientError.General.MemoryPoolOutOfMemoryError")) {
            // Neo4j stopped this transaction at its memory limit before the heap ran out; the server goes on.
            return new Unavailable("The query needed more memory than Neo4j allows its running transactions"
                    + " (PEDIGREE_EMBEDDED_TX_MEMORY for the embedded one); ask for less, or retry when fewer"
                    + " requests are running", e);
        }
        if (e instanceof TransientException) {
            return new Unavailable("Neo4j is busy; retry shortly (" + code + ")", e);
        }
        if (e instanceof ClientException) {
            // A client error here is a bug in Pedigree's own queries, not the caller's fault.
            return new IllegalStateException("Neo4j refused a query: " + code + ": " + e.getMessage(), e);
        }
        return e;
    }
}
