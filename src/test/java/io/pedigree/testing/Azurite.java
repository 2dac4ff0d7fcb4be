package io.pedigree.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The one Azurite (Microsoft's Azure Storage emulator, a Node program) of a test JVM: started on first use on a
 * free loopback port with its data in a temporary directory, stopped when the JVM exits. It is looked for on the
 * PATH and in the project's {@code .azurite/} or {@code node_modules/} (install it with
 * {@code npm install --prefix .azurite azurite@3.37.0}). Where it is absent, tests that need it are skipped with a
 * message, unless {@code PEDIGREE_REQUIRE_AZURITE=true} (as on CI), which turns its absence into a failure.
 */
public final class Azurite {

    public static final String REQUIRE = "PEDIGREE_REQUIRE_AZURITE";
    private static final String EXECUTABLE = "azurite-blob";
    // Azurite's fixed development account; its key is published in Microsoft's documentation, not a secret.
    private static final String ACCOUNT = "devstoreaccount1";
    private static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static String connectionString;

    private Azurite() {
    }

    /** The connection string of the shared instance, starting it if needed; skips or fails the test without it. */
    public static synchronized String connectionString() {
        if (connectionString == null) {
            Path executable = find().orElse(null);
            if (executable == null) {
                String message = EXECUTABLE + " was not found on the PATH, in .azurite/ or in node_modules/; "
                        + "install it with: npm install --prefix .azurite azurite@3.37.0";
                if (required()) {
                    Assertions.fail(message + " (" + REQUIRE + "=true, so this is a failure, not a skip)");
                }
                Assumptions.abort("Azure blob store tests skipped: " + message);
            }
            connectionString = start(executable);
        }
        return connectionString;
    }

    private static boolean required() {
        return "true".equalsIgnoreCase(System.getenv(REQUIRE)) || Boolean.getBoolean(REQUIRE);
    }

    static Optional<Path> find() {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, EXECUTABLE));
            }
        }
        candidates.add(Path.of(".azurite", "node_modules", ".bin", EXECUTABLE));
        candidates.add(Path.of("node_modules", ".bin", EXECUTABLE));
        return candidates.stream().filter(Files::isExecutable).map(Path::toAbsolutePath).findFirst();
    }

    private static String start(Path executable) {
        try {
            Path location = Files.createTempDirectory("pedigree-azurite");
            Path log = location.resolve("azurite.log");
            int port = freePort();
            Process process = new ProcessBuilder(executable.toString(), "--blobHost", "127.0.0.1",
                    "--blobPort", Integer.toString(port), "--location", location.toString(), "--silent",
                    "--disableTelemetry", "--skipApiVersionCheck")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process, location)));
            awaitListening(process, port, log);
            return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY
                    + ";BlobEndpoint=http://127.0.0.1:" + port + "/" + ACCOUNT + ";";
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + executable, e);
        }
    }

    private static void awaitListening(Process process, int port, Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Azurite exited with " + process.exitValue() + ": "
                        + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("Azurite did not listen on port " + port + " within 60 s: "
                + Files.readString(log));
    }

    private static void stop(Process process, Path location) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(location)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; the system cleans it eventually
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
