package io.pedigree.web.graph;

import java.util.Locale;

/**
 * The outline of each kind, as SVG path data inside its box, so kinds differ in shape as well as colour (and
 * stay apart in greyscale or for colour-blind readers): models rounded, datasets cylinders, prompts speech
 * bubbles, embeddings hexagons, commits square, runs parallelograms, evaluations octagons, deployments plain and
 * heavy, artifacts folded documents, people pills.
 */
final class Shapes {

    static final double SLANT = 10;
    static final double RIM = 5;

    private Shapes() {
    }

    /** Width a shape needs beyond its text, for slanted or pointed sides. */
    static double extraWidth(String kind) {
        return switch (kind) {
            case "run" -> 2 * SLANT;
            case "embedding", "person" -> 16;
            case "evaluation" -> 8;
            default -> 0;
        };
    }

    /** The outline of a {@code kind} box at (x, y) of size w × h. */
    static String outline(String kind, double x, double y, double w, double h) {
        double r = x + w;
        double b = y + h;
        return switch (kind) {
            case "model" -> roundRect(x, y, w, h, 10);
            case "dataset" -> f("M%s %sA%s %s 0 0 1 %s %sV%sA%s %s 0 0 1 %s %sZM%s %sA%s %s 0 0 0 %s %s",
                    x, y + RIM, w / 2, RIM, r, y + RIM, b - RIM, w / 2, RIM, x, b - RIM,
                    x, y + RIM, w / 2, RIM, r, y + RIM);
            case "prompt" -> f("M%s %sH%sQ%s %s %s %sV%sQ%s %s %s %sH%sL%s %sL%s %sH%sQ%s %s %s %sV%sQ%s %s %s %sZ",
                    x + 8, y, r - 8, r, y, r, y + 8, b - 14, r, b - 6, r - 8, b - 6, x + 30, x + 18, b, x + 20,
                    b - 6, x + 8, x, b - 6, x, b - 14, x + 8, x, y, x + 8, y);
            case "embedding" -> f("M%s %sH%sL%s %sL%s %sH%sL%s %sZ", x + 8, y, r - 8, r, y + h / 2, r - 8, b,
                    x + 8, x, y + h / 2);
            case "commit" -> roundRect(x, y, w, h, 2);
            case "run" -> f("M%s %sH%sL%s %sH%sZ", x + SLANT, y, r, r - SLANT, b, x);
            case "evaluation" -> f("M%s %sH%sL%s %sV%sL%s %sH%sL%s %sV%sZ", x + 8, y, r - 8, r, y + 8, b - 8,
                    r - 8, b, x + 8, x, b - 8, y + 8);
            case "artifact" -> f("M%s %sH%sL%s %sV%sH%sZM%s %sV%sH%s", x, y, r - 12, r, y + 12, b, x, r - 12, y,
                    y + 12, r);
            case "person" -> roundRect(x, y, w, h, h / 2);
            default -> roundRect(x, y, w, h, 4);
        };
    }

    static String roundRect(double x, double y, double w, double h, double rad) {
        double r = x + w;
        double b = y + h;
        return f("M%s %sH%sA%s %s 0 0 1 %s %sV%sA%s %s 0 0 1 %s %sH%sA%s %s 0 0 1 %s %sV%sA%s %s 0 0 1 %s %sZ",
                x + rad, y, r - rad, rad, rad, r, y + rad, b - rad, rad, rad, r - rad, b, x + rad, rad, rad, x,
                b - rad, y + rad, rad, rad, x + rad, y);
    }

    /** Formats numbers with at most one decimal, so the output is short and the same on every platform. */
    static String f(String pattern, Object... numbers) {
        Object[] s = new Object[numbers.length];
        for (int i = 0; i < numbers.length; i++) {
            s[i] = num(((Number) numbers[i]).doubleValue());
        }
        return String.format(Locale.ROOT, pattern, s);
    }

    static String num(double v) {
        if (v < 0) {
            return "-" + num(-v);
        }
        long tenths = Math.round(v * 10);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : tenths / 10 + "." + tenths % 10;
    }

    /** An arrow head for edges' {@code marker-end}, in {@code colour}. */
    static String arrowMarker(String id, String colour) {
        return "<marker id=\"" + id + "\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\""
                + " markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\" fill=\""
                + colour + "\"/></marker>";
    }

    /** Path data through {@code points}: a move to the first, lines to the others. */
    static void polyline(StringBuilder out, java.util.List<Placement.Point> points) {
        for (int i = 0; i < points.size(); i++) {
            out.append(i == 0 ? 'M' : 'L').append(num(points.get(i).x())).append(' ').append(num(points.get(i).y()));
        }
    }
}
