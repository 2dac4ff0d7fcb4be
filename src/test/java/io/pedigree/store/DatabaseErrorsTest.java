package io.pedigree.store;

import io.pedigree.error.PedigreeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.TransientException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseErrorsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
            "Neo.ClientError.Transaction.LockClientStopped",
            "Neo.ClientError.Transaction.Terminated"})
    void aTransactionStoppedAtItsTimeoutIsATimeoutNotAServerError(String code) {
        // Neo4j 5.26 reports a transaction stopped at its timeout while it waits for a lock as a client error.
        assertThat(Database.translate(new ClientException(code, "The transaction has been terminated.")))
                .isInstanceOf(PedigreeException.QueryTimeout.class);
    }

    @Test
    void aTransientLockStopIsATimeoutToo() {
        assertThat(Database.translate(new TransientException("Neo.TransientError.Transaction.LockClientStopped",
                "stopped"))).isInstanceOf(PedigreeException.QueryTimeout.class);
    }

    @Test
    void anyOtherClientErrorIsOurBug() {
        assertThat(Database.translate(new ClientException("Neo.ClientError.Statement.SyntaxError", "bad")))
                .isInstanceOf(IllegalStateException.class);
    }
}
