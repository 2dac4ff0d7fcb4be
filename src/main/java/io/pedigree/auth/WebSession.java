package io.pedigree.auth;

import java.time.Instant;

/** A signed-in browser: who it is, the token it signed in with, and the form token its pages must send back. */
public record WebSession(Principal principal, String csrf, Instant expiresAt) {
}
