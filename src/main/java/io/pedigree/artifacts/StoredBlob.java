package io.pedigree.artifacts;

/** What {@link BlobStore#put} stored: the content's digest and size, and whether it was not there before. */
public record StoredBlob(Sha256 sha256, long size, boolean created) {
}
