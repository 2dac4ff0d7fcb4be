package io.pedigree.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.Unprocessable;
import io.pedigree.store.Database;
import io.pedigree.store.Migrations;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/** Reads an export's manifest and checks every file it lists, by size, line count and SHA-256, before any write. */
final class ManifestCheck {

    private ManifestCheck() {
    }

    static Manifest verified(ExportFiles.Source source, ObjectMapper json, Database db) {
        Manifest m;
        try (InputStream in = source.open(Manifest.FILE)) {
            m = json.readValue(in, Manifest.class);
        } catch (FileNotFoundException | NoSuchFileException e) {
            throw new InvalidInput(Manifest.FILE, "the export has no manifest.json");
        } catch (IOException e) {
            throw new InvalidInput(Manifest.FILE, "manifest.json cannot be read: " + e.getMessage());
        }
        if (!Manifest.FORMAT.equals(m.format()) || m.formatVersion() != Manifest.FORMAT_VERSION) {
            throw new InvalidInput(Manifest.FILE, "not a " + Manifest.FORMAT + " version "
                    + Manifest.FORMAT_VERSION + " manifest");
        }
        int here = Migrations.currentVersion(db);
        if (m.schemaVersion() != here) {
            throw new InvalidInput("schemaVersion", "the export was made at schema version " + m.schemaVersion()
                    + ", this instance is at " + here + "; import it with the Pedigree version that made it");
        }
        Set<String> paths = new HashSet<>();
        for (Manifest.Entry f : m.files()) {
            if (!paths.add(f.path())) {
                throw new InvalidInput(Manifest.FILE, "the manifest lists " + f.path() + " twice");
            }
            check(source, f);
        }
        return m;
    }

    private static void check(ExportFiles.Source source, Manifest.Entry f) {
        MessageDigest sha = GraphExport.sha256();
        long bytes = 0;
        long lines = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = source.open(f.path())) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        } catch (FileNotFoundException | NoSuchFileException e) {
            throw new Unprocessable(f.path(), "the manifest lists " + f.path() + " but the export lacks it");
        } catch (IOException e) {
            throw new Unprocessable(f.path(), f.path() + " cannot be read: " + e.getMessage());
        }
        String digest = HexFormat.of().formatHex(sha.digest());
        if (!digest.equals(f.sha256()) || bytes != f.bytes()) {
            throw new Unprocessable(f.path(), f.path() + " is not the file exported: its SHA-256 is " + digest
                    + " (" + bytes + " bytes), the manifest says " + f.sha256() + " (" + f.bytes() + " bytes)");
        }
        if (!f.kind().equals(Manifest.Entry.ARTIFACT) && lines != f.count()) {
            throw new Unprocessable(f.path(), f.path() + " holds " + lines + " rows, the manifest says "
                    + f.count());
        }
    }
}
