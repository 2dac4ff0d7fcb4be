package io.pedigree;

import java.io.PrintStream;
import java.util.Map;

/** Lets tests in other packages run the command line with their own environment. */
public final class MainAccess {
    private MainAccess() {
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return Main.run(args, env, out, err);
    }

    /** Runs the command line until {@code stop} is released (for {@code serve}, which otherwise runs forever). */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err,
                          java.util.concurrent.CountDownLatch stop) {
        return Main.run(args, env, out, err, stop);
    }
}
