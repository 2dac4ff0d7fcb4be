package io.pedigree.lineage;

import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.PayloadTooLarge;

/** Size limits on what one request may write or ask for, from configuration. */
public record Limits(int maxProperties, int maxStringLength, int maxBatchElements, int maxDepth, int maxNodes,
                     int writeChunk) {

    /**
     * The rule every piece of client text follows, wherever it arrives (a JSON string or name, a query parameter,
     * a form field): at most {@link #maxStringLength} characters ({@code PEDIGREE_MAX_STRING_LENGTH}), and
     * well-formed UTF-16. A lone surrogate cannot be stored as UTF-8, so it would silently become '?' and two
     * different keys would name one node.
     */
    public void checkText(String field, String value) {
        if (value == null) {
            return;
        }
        if (value.length() > maxStringLength) {
            throw new PayloadTooLarge(field, "'" + field + "' may be at most " + maxStringLength
                    + " characters long (PEDIGREE_MAX_STRING_LENGTH), got " + value.length());
        }
        checkWellFormed(field, value);
    }

    /** Refuses a string holding a lone UTF-16 surrogate (an unpaired \\ud800-\\udfff escape). */
    public static void checkWellFormed(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidInput(field, "'" + field + "' holds a lone UTF-16 surrogate (\\u"
                        + Integer.toHexString(c) + " at character " + i + "), which is not text");
            }
        }
    }
}
