package io.pedigree.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/** How pages show values: times in UTC to the minute, lists and maps as plain text. Templates call it as fmt. */
public final class Format {

    static final Format INSTANCE = new Format();

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Format() {
    }

    public String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    /** The machine-readable form for a {@code <time datetime>} attribute. */
    public String iso(Instant t) {
        return t == null ? "" : t.toString();
    }

    public String value(Object v) {
        if (v == null) {
            return "";
        } else if (v instanceof Collection<?> c) {
            return c.stream().map(this::value).collect(Collectors.joining(", "));
        } else if (v instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> e.getKey() + ": " + value(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return String.valueOf(v);
    }
}
