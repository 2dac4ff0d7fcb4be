package io.pedigree.testing;

import org.neo4j.driver.TransactionContext;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;

/** A transaction that notes the text of every statement run through it, to count the queries of an answer. */
public final class Statements {

    private Statements() {
    }

    /** {@code tx}, adding the text of each statement run through it to {@code statements}. */
    public static TransactionContext recording(TransactionContext tx, List<String> statements) {
        return (TransactionContext) Proxy.newProxyInstance(TransactionContext.class.getClassLoader(),
                new Class<?>[] {TransactionContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("run") && args != null && args[0] instanceof String q) {
                        statements.add(q);
                    }
                    try {
                        return method.invoke(tx, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
