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
}
