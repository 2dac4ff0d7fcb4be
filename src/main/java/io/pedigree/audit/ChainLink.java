package io.pedigree.audit;

/**
 * One event of the chain as an auditor checks it without Pedigree: {@code text} is exactly what {@code hash} is
 * the SHA-256 of (it holds the event's number, time, action, {@code prevHash} and content digest), and
 * {@code content} exactly what the content digest is the SHA-256 of (actor, keys, reason, details). {@code content}
 * is null where it cannot be checked that way: events from before content digests (their text holds the content
 * itself) and events whose personal data was erased.
 */
public record ChainLink(long seq, String hash, String text, String content) {
}
