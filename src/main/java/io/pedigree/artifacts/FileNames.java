package io.pedigree.artifacts;

import io.pedigree.error.PedigreeException.InvalidInput;

import java.text.Normalizer;

/**
 * File names clients give artifacts. They are labels only, never paths: a name with a directory part, a control
 * character or a traversal is refused, and what is shown in {@code Content-Disposition} is reduced further.
 */
public final class FileNames {

    private FileNames() {
    }

    /** Checks a file name given on input; null stays null. */
    public static String check(String field, String raw) {
        if (raw == null) {
            return null;
        }
        String name = Normalizer.normalize(raw, Normalizer.Form.NFC);
        if (name.isBlank() || name.length() > 255 || name.equals(".") || name.equals("..")
                || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == ':')) {
            throw new InvalidInput(field, "A file name is 1 to 255 characters without '/', '\\\\', ':' or control"
                    + " characters, and is not '.' or '..'");
        }
        return name;
    }

    /** An ASCII-only, quote-free form for {@code Content-Disposition}'s plain {@code filename}. */
    public static String ascii(String name) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != ';' && c != '%' ? c : '_');
        }
        return out.toString();
    }
}
