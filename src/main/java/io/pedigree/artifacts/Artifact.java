package io.pedigree.artifacts;

import java.time.Instant;

/** An artifact's node: its content's digest and size, the media type it was first uploaded with, where it is. */
public record Artifact(String key, String sha256, long size, String mediaType, String storage, Instant recordedAt,
                       String recordedBy, boolean created) {

    Artifact withCreated(boolean isNew) {
        return new Artifact(key, sha256, size, mediaType, storage, recordedAt, recordedBy, isNew);
    }
}
