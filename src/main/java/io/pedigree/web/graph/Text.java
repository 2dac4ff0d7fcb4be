package io.pedigree.web.graph;

/**
 * Text sizes and truncation. The server cannot measure glyphs, so boxes are sized from a per-character width
 * that errs wide for the sans-serif faces the page uses; a label never overflows its box, at worst it has room
 * to spare.
 */
final class Text {

    static final String FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

    static final int CAPTION_SIZE = 10;
    static final int NAME_SIZE = 13;
    static final int VERSION_SIZE = 12;

    static final int MAX_NAME = 30;
    static final int MAX_VERSION = 24;
    static final int MAX_CAPTION = 34;

    private Text() {
    }

    /** Estimated rendered width, in px, of {@code s} at {@code size}; bold captions are set wider. */
    static double width(String s, int size, boolean wide) {
        return s.codePointCount(0, s.length()) * size * (wide ? 0.68 : 0.6);
    }

    /** {@code s} cut to at most {@code max} code points, ending with an ellipsis when cut; null becomes "". */
    static String truncate(String s, int max) {
        if (s == null) {
            return "";
        }
        int n = s.codePointCount(0, s.length());
        if (n <= max) {
            return s;
        }
        // Cutting by code points keeps surrogate pairs whole.
        return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "\u2026";
    }
}
