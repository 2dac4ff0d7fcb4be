package io.pedigree.artifacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Where one store writes uploads before they are complete: its own subdirectory of {@code incoming/}, locked for
 * as long as the store is open. A subdirectory nobody holds the lock of belongs to a process that died mid-upload;
 * it is deleted when the next store opens, while several live processes may share the parent safely.
 */
final class Incoming {

    private static final String LOCK = ".lock";

    private final Path directory;
    private final FileChannel lockChannel;

    private Incoming(Path directory, FileChannel lockChannel) {
        this.directory = directory;
        this.lockChannel = lockChannel;
    }

    static Incoming claim(Path parent) throws IOException {
        Files.createDirectories(parent);
        sweep(parent);
        Path own = Files.createDirectory(parent.resolve(UUID.randomUUID().toString()));
        FileChannel channel = FileChannel.open(own.resolve(LOCK), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        try {
            channel.lock();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new Incoming(own, channel);
    }

    /** A fresh name for an upload's temporary file; the file does not exist yet. */
    Path newFile() {
        return directory.resolve(UUID.randomUUID() + ".part");
    }

    void release() {
        try {
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sweep(Path parent) throws IOException {
        List<Path> entries;
        try (Stream<Path> s = Files.list(parent)) {
            entries = s.toList();
        }
        for (Path entry : entries) {
            if (!Files.isDirectory(entry)) {
                Files.deleteIfExists(entry);
            } else if (abandoned(entry)) {
                deleteTree(entry);
            }
        }
    }

    private static boolean abandoned(Path dir) throws IOException {
        Path lock = dir.resolve(LOCK);
        if (!Files.exists(lock)) {
            // Created but not yet locked by a store starting right now, or left by a crash in between.
            return Files.getLastModifiedTime(dir).toMillis() < System.currentTimeMillis() - 60_000;
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock held = channel.tryLock();
            if (held == null) {
                return false;
            }
            held.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false; // a store in this very process holds it
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
