package io.pedigree.artifacts;

import io.pedigree.error.PedigreeException.NotFound;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
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
    private final Path realBlobs;
    private final Incoming incoming;

    private FileSystemBlobStore(Path blobs, Incoming incoming) throws IOException {
        this.blobs = blobs;
        // The configured directory may itself be reached through a link the operator chose; below it, nothing is.
        this.realBlobs = blobs.toRealPath();
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
            Path target = pathOf(sha);
            unlinkLinks(target);
            return new StoredBlob(sha, intake.size(), publish(temp, target));
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
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
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

    /**
     * Removes symbolic links (the links, never what they point to) on the way to a blob, so that uploading the
     * content again writes it inside the store instead of through the link.
     */
    private void unlinkLinks(Path target) throws IOException {
        for (Path step : List.of(target.getParent().getParent(), target.getParent(), target)) {
            if (Files.isSymbolicLink(step)) {
                Files.delete(step);
            }
        }
    }

    @Override
    public BlobContent open(Sha256 sha256, Optional<ByteRange> range) {
        FileChannel channel;
        try {
            channel = openSafely(sha256);
        } catch (NoSuchFileException e) {
            throw notFound(sha256);
        } catch (NotInStore e) {
            throw new NotFound(Intake.FIELD, "The stored content of " + sha256 + " is not served: " + e.getMessage()
                    + "; POST /api/v1/admin/artifacts/verify lists it");
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

    /** Answers empty for a blob that is missing and for one that is not the store's own regular file. */
    @Override
    public Optional<BlobInfo> stat(Sha256 sha256) {
        try {
            BasicFileAttributes a = Files.readAttributes(checked(sha256), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return Optional.of(new BlobInfo(sha256, a.size(), a.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException | NotInStore e) {
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
            // Links are listed too (never followed), so that verification reports them.
            return Files.find(blobs, 3, (path, attributes) -> (attributes.isRegularFile()
                            || attributes.isSymbolicLink()) && isBlobPath(path))
                    .map(path -> new Sha256(path.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Verification verify(Sha256 sha256) {
        try (InputStream in = Channels.newInputStream(openSafely(sha256))) {
            var digest = Sha256.newDigest();
            byte[] buffer = new byte[CHUNK];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
            return Sha256.of(digest.digest()).equals(sha256) ? Verification.OK : Verification.CORRUPT;
        } catch (NoSuchFileException e) {
            return Verification.MISSING;
        } catch (NotInStore e) {
            return Verification.UNSAFE;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The only way a digest becomes a path; a {@link Sha256} is 64 hex digits, so it cannot climb out. */
    Path pathOf(Sha256 sha256) {
        String hex = sha256.hex();
        return blobs.resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
    }

    /**
     * The blob's path once every step below the root is checked to be a real directory and the blob a regular file,
     * none a symbolic link, and its real path lies under the root's: whoever can write the directory cannot make
     * the server read other files through it.
     */
    private Path checked(Sha256 sha256) throws IOException {
        Path path = pathOf(sha256);
        for (Path step : List.of(path.getParent().getParent(), path.getParent(), path)) {
            BasicFileAttributes a = Files.readAttributes(step, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) {
                throw new NotInStore(blobs.relativize(step) + " is a symbolic link");
            }
            if (step == path ? !a.isRegularFile() : !a.isDirectory()) {
                throw new NotInStore(blobs.relativize(step) + " is not a " + (step == path ? "file" : "directory"));
            }
        }
        if (!path.toRealPath().startsWith(realBlobs)) {
            throw new NotInStore(blobs.relativize(path) + " lies outside the store");
        }
        return path;
    }

    /** Opens a checked blob without following a link at its last step, should one appear after the check. */
    private FileChannel openSafely(Sha256 sha256) throws IOException {
        Path path = checked(sha256);
        try {
            return FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (FileSystemException e) {
            throw new NotInStore(blobs.relativize(path) + " cannot be opened as a plain file: " + e.getReason());
        }
    }

    /** Something under a blob's name that the store will not read. */
    private static final class NotInStore extends IOException {
        NotInStore(String message) {
            super(message);
        }
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
