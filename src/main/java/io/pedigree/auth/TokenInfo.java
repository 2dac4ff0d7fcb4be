package io.pedigree.auth;

import java.time.Instant;
import java.util.List;

/** What is known about a token, never its secret. */
public record TokenInfo(String id, String principal, List<String> roles, String description, Instant createdAt,
                        String createdBy, Instant expiresAt, Instant revokedAt, String revokedBy) {
}
