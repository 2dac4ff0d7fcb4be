package io.pedigree.export;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Where an export's files go and where an import reads them: a directory, or a zip archive. */
final class ExportFiles {

    private ExportFiles() {
    }

    /** Receives the export's files one after another; each stream is closed before the next is opened. */
    interface Sink {
        OutputStream create(String path) throws IOException;
    }

    /** Gives an import's files back by path, as often as asked (once to verify, once to load). */
    interface Source {
        InputStream open(String path) throws IOException;
    }

    static Sink directory(Path dir) {
        return path -> {
            Path file = dir.resolve(path);
            java.nio.file.Files.createDirectories(file.getParent());
            return java.nio.file.Files.newOutputStream(file);
        };
    }

    static Source directory(Path dir, String field) {
        return path -> {
            Path file = dir.resolve(path).normalize();
            if (!file.startsWith(dir.normalize())) {
                throw new io.pedigree.error.PedigreeException.InvalidInput(field, "the manifest names a file"
                        + " outside the export: " + path);
            }
            return java.nio.file.Files.newInputStream(file);
        };
    }

    /** Entries of one zip written as a stream; closing an entry's stream closes the entry, not the zip. */
    static Sink zip(ZipOutputStream zip) {
        return path -> {
            zip.putNextEntry(new ZipEntry(path));
            return new FilterOutputStream(zip) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    zip.closeEntry();
                }
            };
        };
    }

    static Source zip(ZipFile zip, String field) {
        return path -> {
            ZipEntry e = zip.getEntry(path);
            if (e == null) {
                throw new java.io.FileNotFoundException(path);
            }
            return zip.getInputStream(e);
        };
    }

    /**
     * Checks an uploaded zip before anything reads it as an export: at most {@code limits.maxEntries()} files, names
     * that stay inside the archive (no absolute paths, no {@code ..}, no backslashes), and all files inflating to at
     * most {@code limits.maxInflatedBytes()} together. Sizes are counted by inflating, since a zip's own size fields
     * can lie; reading stops as soon as the limit is passed.
     */
    static void checkZip(ZipFile zip, io.pedigree.config.ImportLimits limits) throws IOException {
        if (zip.size() > limits.maxEntries()) {
            throw new io.pedigree.error.PedigreeException.PayloadTooLarge("body", "The zip holds " + zip.size()
                    + " files; at most " + limits.maxEntries() + " are accepted (PEDIGREE_IMPORT_MAX_ENTRIES)");
        }
        long inflated = 0;
        byte[] buffer = new byte[1 << 16];
        var entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry e = entries.nextElement();
            String name = e.getName();
            if (name.startsWith("/") || name.contains("\\") || name.contains(":")
                    || java.util.Arrays.asList(name.split("/")).contains("..")) {
                throw new io.pedigree.error.PedigreeException.InvalidInput(name, "The zip entry '" + name
                        + "' names a path outside the export; an export's files are relative paths without '..'");
            }
            try (InputStream in = zip.getInputStream(e)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    inflated += n;
                    if (inflated > limits.maxInflatedBytes()) {
                        throw new io.pedigree.error.PedigreeException.PayloadTooLarge("body", "The zip's files"
                                + " inflate to more than " + limits.maxInflatedBytes() + " bytes (at entry '" + name
                                + "'); at most that is accepted (PEDIGREE_IMPORT_MAX_INFLATED_BYTES)");
                    }
                }
            }
        }
    }

    /** Deletes the graph's files an attempt wrote into {@code dir}, to write them again. */
    static void deleteGraphFiles(Path dir) throws IOException {
        for (String sub : java.util.List.of("nodes", "relations")) {
            deleteTree(dir.resolve(sub));
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!java.nio.file.Files.exists(root)) {
            return;
        }
        try (java.util.stream.Stream<Path> all = java.nio.file.Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        }
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
