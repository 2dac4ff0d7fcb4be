package io.pedigree.audit;

import java.util.List;

/**
 * Writes CSV records as RFC 4180 has them: CRLF line ends, and fields quoted when they hold a comma, a quote or a
 * line break, with quotes doubled. A field a spreadsheet would run as a formula (one that begins with {@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return) is written as OWASP recommends against CSV
 * injection: a single quote before it, and the whole cell quoted. Audit text is anyone's input, and an auditor
 * opens the export in a spreadsheet; the JSON Lines export stays the exact record.
 */
public final class Csv {

    private Csv() {
    }

    /** One record, CRLF included; a null field is written empty. */
    public static String row(List<String> fields) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields.get(i)));
        }
        return out.append("\r\n").toString();
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        if (isFormula(value)) {
            return '"' + "'" + value.replace("\"", "\"\"") + '"';
        }
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    static boolean isFormula(String value) {
        return !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0;
    }
}
