package io.pedigree.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How audit checkpoints are signed and where they go: the signing key (PEM text, which wins, or a file, created
 * on first start when missing), how often the head is checkpointed (zero: only on demand), and the external
 * append-only places they are pushed to (a file; the artifact store's Azure container).
 */
public record CheckpointConfig(String keyPem, Path keyFile, Duration interval, Path file, boolean azure) {
}
