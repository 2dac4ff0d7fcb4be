package io.pedigree.auth;

/** A newly created token: the only moment its secret is visible. */
public record IssuedToken(String token, TokenInfo info) {
}
