package io.pedigree.bench;

import io.pedigree.web.graph.Diagram;
import io.pedigree.web.graph.LineageDiagram;
import io.pedigree.web.graph.Links;
import io.pedigree.web.graph.Marks;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code bench graph}: the server-side cost of a node page's lineage drawing (folding, ELK layout and SVG) for
 * a lineage answer of N nodes, in this JVM and without a database, so it measures the drawing alone.
 */
final class GraphRenderBenchmark {

    private GraphRenderBenchmark() {
    }

    static int run(List<String> args, PrintStream out) {
        int nodes = 500;
        int iterations = 50;
        int warmup = 20;
        long seed = 42;
        Path save = null;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--nodes" -> nodes = Integer.parseInt(args.get(++i));
                case "--iterations" -> iterations = Integer.parseInt(args.get(++i));
                case "--warmup" -> warmup = Integer.parseInt(args.get(++i));
                case "--seed" -> seed = Long.parseLong(args.get(++i));
                case "--svg" -> save = Path.of(args.get(++i));
                case "--help", "-h" -> {
                    out.println("""
                            Usage: java -jar target/pedigree.jar bench graph [--nodes N] [--iterations K] [--svg FILE]
                              --nodes N       size of the lineage answer drawn (default 500)
                              --iterations K  timed drawings of each variant, after warm-up (default 50)
                              --warmup W      untimed drawings first, so the JIT has compiled the code (default 20)
                              --seed S        random seed of the generated graph (default 42)
                              --svg FILE      also write the folded drawing to FILE, the full one to FILE.full.svg
                            Times folding + ELK layout + SVG for a node page: as the page draws it by default
                            (large neighbourhoods folded into groups) and with every node drawn.""");
                    return 0;
                }
                default -> {
                    out.println("Unknown option " + args.get(i) + "; see bench graph --help");
                    return 64;
                }
            }
        }
        LineageSample.Sample sample = LineageSample.of(nodes, seed);
        Marks marks = new Marks(Set.of(), sample.production());
        Links links = new Links(k -> "/node?key=" + URLEncoder.encode(k, StandardCharsets.UTF_8) + "&depth=5",
                id -> "/node?expand=" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        out.printf("Lineage answer: %d nodes, %d relations, around %s, depth %d%n", sample.graph().nodes().size(),
                sample.graph().edges().size(), sample.graph().root().key(), sample.graph().depth());

        LineageDiagram folded = new LineageDiagram();
        LineageDiagram everything = new LineageDiagram(Integer.MAX_VALUE, Integer.MAX_VALUE);
        Variant[] variants = {new Variant("as the page draws it (folded)", folded),
                new Variant("every node drawn (nothing folded)", everything)};
        for (Variant v : variants) {
            for (int i = 0; i < warmup; i++) {
                v.last = v.diagram.draw(sample.graph(), marks, Set.of(), links);
            }
            for (int i = 0; i < iterations; i++) {
                long t0 = System.nanoTime();
                v.last = v.diagram.draw(sample.graph(), marks, Set.of(), links);
                v.latencies.add(System.nanoTime() - t0, v.last.nodes());
            }
        }
        out.printf("| node page lineage drawing, %d-node answer, %d timed runs | drawn nodes | groups | SVG size"
                + " | p50 | p99 |%n|---|---|---|---|---|---|%n", sample.graph().nodes().size(), iterations);
        for (Variant v : variants) {
            out.printf("| %s | %d | %d | %,d kB | %.1f ms | %.1f ms |%n", v.name, v.last.nodes(),
                    v.last.collapsed().size(), v.last.svg().length() / 1024, v.latencies.percentileMillis(50),
                    v.latencies.percentileMillis(99));
        }
        out.println("Target: p50 < 300 ms for a 500-node answer.");
        if (save != null) {
            try {
                Path full = save.resolveSibling(save.getFileName() + ".full.svg");
                Files.writeString(save, variants[0].last.svg());
                Files.writeString(full, variants[1].last.svg());
                out.println("Wrote the drawings to " + save + " and " + full);
            } catch (IOException e) {
                out.println("Could not write " + save + ": " + e.getMessage());
                return 1;
            }
        }
        return 0;
    }

    private static final class Variant {
        final String name;
        final LineageDiagram diagram;
        final Latencies latencies = new Latencies();
        Diagram last;

        Variant(String name, LineageDiagram diagram) {
            this.name = name;
            this.diagram = diagram;
        }
    }
}
