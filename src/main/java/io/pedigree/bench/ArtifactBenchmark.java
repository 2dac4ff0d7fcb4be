package io.pedigree.bench;

import io.pedigree.artifacts.AzureBlobStore;
import io.pedigree.artifacts.BlobContent;
import io.pedigree.artifacts.BlobStore;
import io.pedigree.artifacts.FileSystemBlobStore;
import io.pedigree.artifacts.Sha256;
import io.pedigree.config.ArtifactConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code bench artifacts}: upload and download throughput of the artifact stores, beside a plain
 * {@link Files#copy} of the same bytes between two files as the floor. Every transfer goes file to store to file
 * on one disk, so the stores and the copy pay for the same reads and writes.
 */
public final class ArtifactBenchmark {

    private ArtifactBenchmark() {
    }

    public static int run(List<String> args, ArtifactConfig config, PrintStream out) {
        int sizeMb = 512;
        int iterations = 3;
        String azure = config.azureConnectionString();
        Path parent = Path.of(System.getProperty("java.io.tmpdir"));
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--size-mb" -> sizeMb = Integer.parseInt(args.get(++i));
                case "--iterations" -> iterations = Integer.parseInt(args.get(++i));
                case "--azure" -> azure = args.get(++i);
                case "--dir" -> parent = Path.of(args.get(++i));
                case "--help", "-h" -> {
                    out.println("""
                            Usage: java -jar target/pedigree.jar bench artifacts [--size-mb N] [--iterations K]
                                                                         [--azure CONNECTION_STRING] [--dir DIR]
                              --size-mb N      size of the artifact (default 512)
                              --iterations K   timed transfers each way per store; the median counts (default 3)
                              --azure CS       also measure the Azure store in a throw-away container of the
                                               account CS names (default $PEDIGREE_AZURE_CONNECTION_STRING)
                              --dir DIR        where the source file and the file store go (default the temp dir)""");
                    return 0;
                }
                default -> {
                    out.println("Unknown option " + args.get(i) + "; see bench artifacts --help");
                    return 64;
                }
            }
        }
        try {
            return new Run(out, (long) sizeMb << 20, iterations, azure, parent).execute();
        } catch (IOException e) {
            out.println("bench artifacts failed: " + e);
            return 1;
        }
    }

    /** One measurement in a temporary directory of its own. */
    private static final class Run {
        private final PrintStream out;
        private final long size;
        private final int iterations;
        private final String azure;
        private final Path parent;
        private Path dir;

        Run(PrintStream out, long size, int iterations, String azure, Path parent) {
            this.out = out;
            this.size = size;
            this.iterations = iterations;
            this.azure = azure;
            this.parent = parent;
        }

        int execute() throws IOException {
            dir = Files.createTempDirectory(parent, "pedigree-bench-artifacts");
            try {
                Path source = dir.resolve("source");
                try (InputStream in = new RandomBytes(size, 7)) {
                    Files.copy(in, source);
                }
                Map<String, double[]> rows = new LinkedHashMap<>();
                rows.put("Files.copy (floor)", measureCopy(source, false));
                rows.put("Files.copy + fsync", measureCopy(source, true));
                rows.put("read + SHA-256 only", measureHash(source));
                try (BlobStore fs = FileSystemBlobStore.open(dir.resolve("store"))) {
                    rows.put("filesystem store", measure(fs, source));
                }
                if (!azure.isBlank()) {
                    String container = "bench-" + UUID.randomUUID();
                    try (BlobStore az = AzureBlobStore.withConnectionString(azure, container)) {
                        rows.put("azure store", measure(az, source));
                    } finally {
                        AzureBlobStore.dropContainer(azure, container);
                    }
                }
                print(rows);
                return 0;
            } finally {
                deleteTree(dir);
            }
        }

        // {upload seconds, download seconds}: a copy is both, the same bytes from one file to another.
        private double[] measureCopy(Path source, boolean sync) throws IOException {
            List<Double> times = new ArrayList<>();
            Path target = dir.resolve("copy");
            for (int i = 0; i <= iterations; i++) {
                long start = System.nanoTime();
                Files.copy(source, target);
                if (sync) {
                    try (FileChannel c = FileChannel.open(target, StandardOpenOption.WRITE)) {
                        c.force(true);
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                Files.delete(target);
                if (i > 0) { // the first is warm-up
                    times.add(seconds);
                }
            }
            double median = median(times);
            return new double[] {median, median};
        }

        // The least work a content-addressed upload or verified download can do: read the bytes and hash them.
        private double[] measureHash(Path source) throws IOException {
            List<Double> times = new ArrayList<>();
            byte[] buffer = new byte[1 << 20];
            for (int i = 0; i <= iterations; i++) {
                long start = System.nanoTime();
                MessageDigest digest = sha256();
                try (InputStream in = Files.newInputStream(source)) {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        digest.update(buffer, 0, n);
                    }
                }
                digest.digest();
                if (i > 0) {
                    times.add((System.nanoTime() - start) / 1e9);
                }
            }
            double median = median(times);
            return new double[] {median, median};
        }

        private double[] measure(BlobStore store, Path source) throws IOException {
            List<Double> uploads = new ArrayList<>();
            List<Double> downloads = new ArrayList<>();
            Path target = dir.resolve("download");
            for (int i = 0; i <= iterations; i++) {
                long start = System.nanoTime();
                Sha256 sha;
                try (InputStream in = Files.newInputStream(source)) {
                    sha = store.put(in, Optional.empty(), Long.MAX_VALUE).sha256();
                }
                double upload = (System.nanoTime() - start) / 1e9;
                start = System.nanoTime();
                try (BlobContent content = store.open(sha, Optional.empty());
                     OutputStream to = Files.newOutputStream(target)) {
                    content.stream().transferTo(to);
                }
                double download = (System.nanoTime() - start) / 1e9;
                Files.delete(target);
                store.delete(sha);
                if (i > 0) {
                    uploads.add(upload);
                    downloads.add(download);
                }
            }
            return new double[] {median(uploads), median(downloads)};
        }

        private void print(Map<String, double[]> rows) {
            double floor = rows.get("Files.copy (floor)")[0];
            double mb = size / 1e6;
            out.printf("%n| %d MiB, median of %d | upload MB/s | download MB/s | upload time / copy | "
                    + "download time / copy |%n|---|---|---|---|---|%n", size >> 20, iterations);
            rows.forEach((name, t) -> out.printf("| %s | %.0f | %.0f | %.2f | %.2f |%n", name, mb / t[0], mb / t[1],
                    t[0] / floor, t[1] / floor));
            if (azure.isBlank()) {
                out.println("(azure store not measured: give --azure CONNECTION_STRING or set "
                        + "PEDIGREE_AZURE_CONNECTION_STRING)");
            }
            out.printf("Target: filesystem store within 1.5 x the plain copy's time. Uploads must hash every byte, "
                    + "and whole downloads re-check it, so the read + SHA-256 row bounds what a store can reach.%n");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
