package io.pedigree.artifacts;

import io.pedigree.testing.Azurite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 1 GiB artifact goes into each store and comes back out in a JVM whose heap is a quarter of that: uploads and
 * downloads stream, whatever the size.
 */
class LargeArtifactRoundTripIT {

    private static final long ONE_GIB = 1L << 30;

    @TempDir
    Path dir;

    @Test
    void aGibibyteRoundTripsThroughTheFileSystemStoreIn256MibOfHeap() throws Exception {
        assertThat(roundTrip("filesystem", dir.resolve("store").toString())).startsWith("ok filesystem: 1024 MiB");
    }

    @Test
    void aGibibyteRoundTripsThroughTheAzureStoreIn256MibOfHeap() throws Exception {
        assertThat(roundTrip("azure", Azurite.connectionString())).startsWith("ok azure: 1024 MiB");
    }

    private String roundTrip(String backend, String target) throws IOException, InterruptedException {
        // Failsafe may start this JVM from a manifest-only jar; the real class path is then in its own property.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = dir.resolve(backend + ".log");
        Process child = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-cp", classPath,
                LargeRoundTrip.class.getName(), backend, target, Long.toString(ONE_GIB)))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            boolean finished = child.waitFor(5, TimeUnit.MINUTES);
            String output = Files.readString(log);
            assertThat(finished).as("finished within 5 minutes; output so far:%n%s", output).isTrue();
            assertThat(child.exitValue()).as("exit status; output:%n%s", output).isZero();
            String result = output.lines().filter(l -> l.startsWith("ok ")).findFirst().orElse(output);
            System.out.println(result);
            return result;
        } finally {
            child.destroyForcibly();
        }
    }
}
