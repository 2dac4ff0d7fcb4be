package io.pedigree.artifacts;

import io.pedigree.error.PedigreeException.InvalidInput;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A SHA-256 digest as 64 lowercase hex digits: the only client-supplied text that may become part of a blob's
 * path or name, so it is checked character by character before anything else sees it.
 */
public record Sha256(String hex) {

    private static final HexFormat HEX = HexFormat.of();
    /** The digest of no bytes at all, a valid (empty) artifact. */
    public static final Sha256 EMPTY = of(newDigest().digest());

    public Sha256 {
        if (!isCanonical(hex)) {
            throw new IllegalArgumentException("not 64 lowercase hex digits");
        }
    }

    /**
     * Parses client input, accepting uppercase digits; anything else (a path, an encoding, a prefix, a NUL) is
     * refused as invalid input naming {@code field}.
     */
    public static Sha256 parse(String field, String value) {
        if (value == null) {
            throw new InvalidInput(field, "A SHA-256 is required: 64 hex digits");
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!isCanonical(lower)) {
            throw new InvalidInput(field, "A SHA-256 must be exactly 64 hex digits (0-9, a-f), not "
                    + describe(value));
        }
        return new Sha256(lower);
    }

    /** The digest computed by {@code digest}, which must be a finished SHA-256. */
    public static Sha256 of(byte[] digest) {
        if (digest.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + digest.length);
        }
        return new Sha256(HEX.formatHex(digest));
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return hex;
    }

    private static boolean isCanonical(String s) {
        if (s == null || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    // Echoes short input so the client can see its mistake, but never a long or binary one.
    private static String describe(String value) {
        boolean printable = value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
        if (!printable || value.length() > 80) {
            return "a " + value.length() + "-character value";
        }
        return "'" + value + "'";
    }
}
