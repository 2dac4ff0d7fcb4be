package io.pedigree.corrections;

import java.util.List;

/**
 * What an erasure did: the person's key before (not kept anywhere else) and its pseudonym after, how many graph
 * nodes, relations and audit events had personal data replaced, and the audit event that records the erasure.
 */
public record Erasure(String erasedKey, String pseudonym, int nodes, int relations, int auditEvents,
                      List<Long> auditEventsChanged, long auditEvent) {
}
