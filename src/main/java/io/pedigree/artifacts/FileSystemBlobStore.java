package io.pedigree.artifacts;

import io.pedigree.error.PedigreeException.NotFound;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Blobs as files under one directory: {@code sha256/ab/cd/<hex>}. An upload is written to a temporary file in
 * this process's {@link Incoming} directory (same file system), flushed to disk, and only then linked into place,
 * so a blob's path either does not exist or holds all of its bytes.
 */
public final class FileSystemBlobStore implements BlobStore {

    private static final int CHUNK = 1 << 20;

    private final Path blobs;
    private final Incoming incoming;

    private FileSystemBlobStore(Path blobs, Incoming incoming) {
        this.blobs = blobs;
        this.incoming = incoming;
    }

    /** Opens (creating if needed) the store under {@code root}, removing uploads a dead process left half-done. */
    public static FileSystemBlobStore open(Path root) {
        try {
            Path blobs = Files.createDirectories(root.resolve("sha256"));
            return new FileSystemBlobStore(blobs, Incoming.claim(root.resolve("incoming")));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the artifact directory " + root, e);
        }
    }

    @Override
    public StoredBlob put(InputStream content, Optional<Sha256> expected, long maxBytes) {
        Path temp = incoming.newFile();
        try {
            Intake intake = new Intake(content, maxBytes);
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[CHUNK];
                for (int n; (n = intake.fill(buffer)) > 0; ) {
                    ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                    while (bytes.hasRemaining()) {
                        out.write(bytes);
                    }
                }
                out.force(true);
            }
            Sha256 sha = intake.finish(expected);
            return new StoredBlob(sha, intake.size(), publish(temp, pathOf(sha)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * Makes the finished temporary file the blob. A hard link never replaces an existing file, so of several
     * concurrent uploads of the same bytes exactly one reports the blob as new; where the file system has no hard
     * links, an atomic rename (which may replace identical bytes) does the same job less precisely.
     */
    private static boolean publish(Path temp, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        if (Files.exists(target)) {
            return false;
        }
        try {
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException e) {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        syncDirectory(target.getParent());
        return true;
    }

    @Override
    public BlobContent open(Sha256 sha256, Optional<ByteRange> range) {
        Path path = pathOf(sha256);
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw notFound(sha256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            long size = channel.size();
            ByteRange.Slice slice = range.map(r -> r.resolve(size)).orElse(new ByteRange.Slice(0, size));
            channel.position(slice.offset());
            InputStream stream = Streams.limited(Channels.newInputStream(channel), slice.length());
            if (range.isEmpty()) {
                stream = Streams.verifying(stream, sha256, slice.length());
            }
            return new BlobContent(stream, slice.offset(), slice.length(), size);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel, e);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    @Override
    public Optional<BlobInfo> stat(Sha256 sha256) {
        try {
            BasicFileAttributes a = Files.readAttributes(pathOf(sha256), BasicFileAttributes.class);
            return Optional.of(new BlobInfo(sha256, a.size(), a.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean delete(Sha256 sha256) {
        try {
            return Files.deleteIfExists(pathOf(sha256));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Stream<Sha256> list() {
        try {
            return Files.find(blobs, 3, (path, attributes) -> attributes.isRegularFile() && isBlobPath(path))
                    .map(path -> new Sha256(path.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Verification verify(Sha256 sha256) {
        try (InputStream in = Files.newInputStream(pathOf(sha256))) {
            var digest = Sha256.newDigest();
            byte[] buffer = new byte[CHUNK];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
            return Sha256.of(digest.digest()).equals(sha256) ? Verification.OK : Verification.CORRUPT;
        } catch (NoSuchFileException e) {
            return Verification.MISSING;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The only way a digest becomes a path; a {@link Sha256} is 64 hex digits, so it cannot climb out. */
    Path pathOf(Sha256 sha256) {
        String hex = sha256.hex();
        return blobs.resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
    }

    private boolean isBlobPath(Path path) {
        String name = path.getFileName().toString();
        try {
            return pathOf(Sha256.parse("path", name)).equals(path);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static NotFound notFound(Sha256 sha256) {
        return new NotFound(Intake.FIELD, "No artifact content has SHA-256 " + sha256);
    }

    static void syncDirectory(Path dir) {
        // Makes the new directory entry durable; not every platform lets a directory be opened, and there the
        // rename or link is as durable as that platform makes it.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort, see above
        }
    }

    static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a leftover temporary file is swept at the next start
        }
    }

    private static void closeQuietly(FileChannel channel, Exception cause) {
        try {
            channel.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /** Lets a later process sweep this one's unfinished uploads; the store is unusable afterwards. */
    @Override
    public void close() {
        incoming.release();
    }
}
