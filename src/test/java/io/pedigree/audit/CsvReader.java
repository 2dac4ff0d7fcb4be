package io.pedigree.audit;

import java.util.ArrayList;
import java.util.List;

/** A strict RFC 4180 reader for tests, written apart from {@link Csv} so each checks the other. */
final class CsvReader {

    private CsvReader() {
    }

    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' && field.isEmpty()) {
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw new IllegalArgumentException("unterminated quoted field");
                    }
                    char q = text.charAt(i);
                    if (q == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                    } else if (q == '"') {
                        i++;
                        break;
                    } else {
                        field.append(q);
                        i++;
                    }
                }
                if (i < text.length() && text.charAt(i) != ',' && text.charAt(i) != '\r') {
                    throw new IllegalArgumentException("text after a closing quote at " + i);
                }
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
                i++;
            } else if (c == '\r') {
                if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
                    throw new IllegalArgumentException("a bare CR outside quotes at " + i);
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i += 2;
            } else if (c == '\n' || c == '"') {
                throw new IllegalArgumentException("unquoted " + (c == '"' ? "quote" : "LF") + " at " + i);
            } else {
                field.append(c);
                i++;
            }
        }
        if (!field.isEmpty() || !row.isEmpty()) {
            throw new IllegalArgumentException("the last record does not end with CRLF");
        }
        return rows;
    }
}
