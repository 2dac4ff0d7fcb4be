package io.pedigree.web.graph;

/**
 * The one escaper for text and attribute values in the SVG, which is also valid inside HTML. Besides the five
 * markup characters it removes what XML 1.0 cannot carry at all (control characters, unpaired surrogates,
 * U+FFFE/U+FFFF), replacing each with U+FFFD so a name stays visibly damaged rather than silently shortened,
 * and so the output always parses.
 */
final class Xml {

    static final char REPLACEMENT = '\uFFFD';

    private Xml() {
    }

    /** {@code s} safe as element text or as a double- or single-quoted attribute value; null becomes "". */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        escapeTo(out, s);
        return out.toString();
    }

    static void escapeTo(StringBuilder out, String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                // Escaping '>' too keeps "]]>" out of the output, which XML forbids in text.
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\t', '\n', '\r' -> out.append(c);
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 || Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                        out.append(REPLACEMENT);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
