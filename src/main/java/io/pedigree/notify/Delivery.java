package io.pedigree.notify;

import com.fasterxml.jackson.annotation.JsonRawValue;

import java.time.Instant;

/**
 * One event's delivery to one subscription: its state ({@code pending}, {@code retrying}, {@code delivered},
 * {@code failed} after the last attempt, {@code cancelled} with its subscription), the attempts made, the last
 * answer's status code or error, and when the next attempt is due. {@code payload} is the exact body sent.
 */
public record Delivery(String id, String subscription, String eventId, String eventType, long auditSeq,
                       String status, int attempts, Instant createdAt, Instant lastAttemptAt, Integer responseCode,
                       String error, Instant nextAttemptAt, Instant deliveredAt, String redeliveryOf,
                       @JsonRawValue String payload) {
}
