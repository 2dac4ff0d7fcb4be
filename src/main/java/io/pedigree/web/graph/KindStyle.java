package io.pedigree.web.graph;

import java.util.Locale;

/**
 * One colour pair per kind: a dark stroke, also used for the kind caption, on a light fill. Every stroke reaches
 * at least 4.5:1 against its own fill and against white, so captions stay readable. {@code static/graph.css}
 * repeats these values for pages that restyle the drawing; {@code GraphCssTest} keeps the two in step.
 */
enum KindStyle {
    MODEL("#4338ca", "#e0e7ff"),
    DATASET("#0369a1", "#e0f2fe"),
    PROMPT("#a16207", "#fef9c3"),
    EMBEDDING("#0f766e", "#ccfbf1"),
    COMMIT("#475569", "#f1f5f9"),
    RUN("#c2410c", "#ffedd5"),
    EVALUATION("#15803d", "#dcfce7"),
    DEPLOYMENT("#a21caf", "#fae8ff"),
    ARTIFACT("#92400e", "#fdf4e7"),
    PERSON("#3f6212", "#ecfccb"),
    /** For a kind this build does not know yet: the drawing still works, in grey. */
    OTHER("#4b5563", "#f3f4f6");

    static final String TEXT = "#111827";
    static final String QUARANTINE = "#b91c1c";
    static final String ROOT_HALO = "#fde68a";
    static final String ROOT_STROKE = "#b45309";
    static final String EDGE = "#64748b";

    final String stroke;
    final String fill;

    KindStyle(String stroke, String fill) {
        this.stroke = stroke;
        this.fill = fill;
    }

    static KindStyle of(String kind) {
        for (KindStyle s : values()) {
            if (s != OTHER && s.name().toLowerCase(Locale.ROOT).equals(kind)) {
                return s;
            }
        }
        return OTHER;
    }

    /** The kind as it appears in CSS class names: only [a-z0-9-], so an odd kind cannot break out of the class. */
    static String cssName(String kind) {
        String k = kind == null ? "" : kind.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        return k.isEmpty() ? "other" : k;
    }
}
