package io.pedigree.audit;

import java.io.IOException;

/**
 * Pushes each checkpoint as a blob of its own, named {@code <seq, 19 digits>-<time>.json} so a listing sorts by
 * event, to a store that creates a name only once (see {@code io.pedigree.artifacts.WriteOnceBlobs}).
 */
public final class BlobCheckpointSink implements CheckpointSink {

    /** Creates one blob; fails when the name is taken. */
    @FunctionalInterface
    public interface Creator {
        void create(String name, String text) throws IOException;
    }

    private final Creator blobs;
    private final String description;

    public BlobCheckpointSink(Creator blobs, String description) {
        this.blobs = blobs;
        this.description = description;
    }

    static String name(Checkpoint c) {
        return String.format("%019d", c.seq()) + "-" + c.at().toString().replace(':', '-') + ".json";
    }

    @Override
    public void append(Checkpoint checkpoint, String line) throws IOException {
        blobs.create(name(checkpoint), line + "\n");
    }

    @Override
    public String describe() {
        return description;
    }
}
