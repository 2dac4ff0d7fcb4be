package io.pedigree.artifacts;

/** An artifact attached to a node, with its role and file name; {@code registered} when the node is a registered version. */
public record Attachment(String node, String artifact, String sha256, String role, String fileName, long size,
                         String mediaType, boolean registered) {
}
