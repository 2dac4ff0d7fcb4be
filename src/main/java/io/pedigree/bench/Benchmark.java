package io.pedigree.bench;

import io.pedigree.config.Config;

import java.io.PrintStream;
import java.util.List;

/** The benchmark (placeholder until it lands). */
public final class Benchmark {
    private Benchmark() {
    }

    public static int run(List<String> args, Config config, PrintStream out) {
        out.println("bench: not written yet");
        return 1;
    }
}
