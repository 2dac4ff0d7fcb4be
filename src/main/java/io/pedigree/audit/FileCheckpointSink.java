package io.pedigree.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends checkpoints as JSON Lines to a file, forced to disk before the push counts. Point it at a file on other
 * storage than the graph (a mounted share, a disk with its own backups, a file marked append-only with
 * {@code chattr +a}) so that whoever can rewrite the graph cannot rewrite it too.
 */
public final class FileCheckpointSink implements CheckpointSink {

    private final Path file;

    public FileCheckpointSink(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    @Override
    public synchronized void append(Checkpoint checkpoint, String line) throws IOException {
        Files.createDirectories(file.getParent());
        // APPEND only: opened this way the file is never truncated or written over, and chattr +a allows it.
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
    }

    @Override
    public String describe() {
        return "file " + file;
    }
}
