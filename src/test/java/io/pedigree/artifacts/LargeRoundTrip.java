package io.pedigree.artifacts;

import io.pedigree.bench.RandomBytes;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * Stores and reads back {@code size} pseudo-random bytes made on the fly, in a JVM of its own (started by
 * {@link LargeArtifactRoundTripIT} with a small heap, so holding the content in memory would fail), and prints
 * the throughput. Exit status 0 only when both directions carried every byte unchanged.
 * Arguments: {@code filesystem DIR SIZE} or {@code azure CONNECTION_STRING SIZE}.
 */
public final class LargeRoundTrip {

    private LargeRoundTrip() {
    }

    public static void main(String[] args) throws Exception {
        long size = Long.parseLong(args[2]);
        String container = "large-" + UUID.randomUUID();
        BlobStore store = args[0].equals("azure")
                ? new AzureBlobStore(AzureBlobStore.builder().connectionString(args[1]).containerName(container)
                        .buildClient())
                : FileSystemBlobStore.open(Path.of(args[1]));
        try {
            RandomBytes source = new RandomBytes(size, 42);
            long start = System.nanoTime();
            StoredBlob stored = store.put(source, Optional.empty(), size);
            double upload = seconds(start);
            check(stored.size() == size, "stored " + stored.size() + " bytes of " + size);
            check(stored.sha256().hex().equals(source.sha256Hex()), "stored digest differs from the source's");

            start = System.nanoTime();
            MessageDigest digest = Sha256.newDigest();
            long read = 0;
            try (BlobContent content = store.open(stored.sha256(), Optional.empty());
                 InputStream in = content.stream()) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    digest.update(buffer, 0, n);
                    read += n;
                }
            }
            double download = seconds(start);
            check(read == size, "read " + read + " bytes of " + size);
            check(HexFormat.of().formatHex(digest.digest()).equals(source.sha256Hex()), "read bytes differ");

            System.out.printf("ok %s: %d MiB, upload %.1f s (%.0f MB/s), download %.1f s (%.0f MB/s), "
                            + "heap at most %d MiB%n", args[0], size >> 20, upload, size / upload / 1e6,
                    download, size / download / 1e6, Runtime.getRuntime().maxMemory() >> 20);
        } finally {
            store.close();
            if (args[0].equals("azure")) {
                AzureBlobStore.builder().connectionString(args[1]).containerName(container).buildClient()
                        .deleteIfExists();
            }
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            System.out.println("FAILED: " + failure);
            System.exit(1);
        }
    }
}
