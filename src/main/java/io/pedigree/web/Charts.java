package io.pedigree.web;

import io.pedigree.governance.ServingPeriod;
import io.pedigree.observability.Series;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Draws one metric of a deployment over a window as an SVG the server sends inline: the hourly means as a line,
 * the versions that served as coloured bands behind it, and incidents and alerts as marked vertical lines, each
 * linked to its page. Plain SVG with presentation attributes, so it reads without JavaScript and passes the
 * page's content security policy.
 */
final class Charts {

    /** Colour-blind-safe colours (Okabe-Ito), one per version in the order they first served. */
    static final List<String> PALETTE = List.of("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
            "#F0E442", "#000000");

    static final int WIDTH = 720;
    static final int HEIGHT = 200;
    private static final int LEFT = 60;
    private static final int RIGHT = 12;
    private static final int TOP = 14;
    private static final int BOTTOM = 26;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** Something that happened at an instant: an incident or an alert, with the page it links to. */
    record Marker(String kind, Instant at, String label, String href) {
    }

    private Charts() {
    }

    /** The colour of each version, in the order the periods list them oldest first. */
    static Map<String, String> colours(List<ServingPeriod> periods) {
        Map<String, String> colours = new java.util.LinkedHashMap<>();
        List<ServingPeriod> oldestFirst = new ArrayList<>(periods);
        oldestFirst.sort(java.util.Comparator.comparing(ServingPeriod::validFrom));
        for (ServingPeriod p : oldestFirst) {
            colours.computeIfAbsent(p.version(), v -> PALETTE.get(colours.size() % PALETTE.size()));
        }
        return colours;
    }

    static String svg(Series series, List<ServingPeriod> periods, Map<String, String> colours, List<Marker> markers) {
        Instant from = series.from();
        Instant to = series.to();
        // One value per hour: the mean over every version that served in it, weighted by the measurements' count.
        TreeMap<Instant, double[]> hours = new TreeMap<>();
        String unit = null;
        for (Series.Point p : series.points()) {
            double[] sums = hours.computeIfAbsent(p.bucket(), b -> new double[2]);
            sums[0] += p.sum();
            sums[1] += p.count();
            unit = p.unit() == null ? unit : p.unit();
        }
        double min = 0;
        double max = 0;
        boolean first = true;
        for (double[] s : hours.values()) {
            double v = s[1] == 0 ? 0 : s[0] / s[1];
            min = first ? Math.min(0, v) : Math.min(min, v);
            max = first ? v : Math.max(max, v);
            first = false;
        }
        if (max <= min) {
            max = min + 1;
        } else {
            max = max + (max - min) * 0.1;
        }
        Scale sc = new Scale(from, to, min, max);
        String title = series.metric() + (unit == null ? "" : " (" + unit + ")");
        StringBuilder out = new StringBuilder();
        String id = "chart-" + series.metric().replaceAll("[^A-Za-z0-9]", "-");
        out.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH)
                .append(' ').append(HEIGHT).append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"").append(id).append("-t ").append(id).append("-d\">");
        out.append("<title id=\"").append(id).append("-t\">").append(esc(title)).append("</title>");
        out.append("<desc id=\"").append(id).append("-d\">").append(esc(describe(series, hours, unit)))
                .append("</desc>");
        out.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
                .append(sc.plotWidth()).append("\" height=\"").append(sc.plotHeight())
                .append("\" fill=\"#ffffff\" stroke=\"#cccccc\"/>");
        for (ServingPeriod p : periods) {
            Instant a = p.validFrom().isBefore(from) ? from : p.validFrom();
            Instant b = p.validTo() == null || p.validTo().isAfter(to) ? to : p.validTo();
            if (!a.isBefore(b)) {
                continue;
            }
            double x1 = sc.x(a);
            double x2 = sc.x(b);
            out.append("<rect class=\"band\" data-version=\"").append(esc(p.version())).append("\" x=\"")
                    .append(f(x1)).append("\" y=\"").append(TOP).append("\" width=\"").append(f(x2 - x1))
                    .append("\" height=\"").append(sc.plotHeight()).append("\" fill=\"")
                    .append(colours.getOrDefault(p.version(), "#999999")).append("\" fill-opacity=\"0.18\"><title>")
                    .append(esc(p.version() + " served from " + DAY.format(p.validFrom()) + " UTC"
                            + (p.validTo() == null ? "" : " to " + DAY.format(p.validTo()) + " UTC")))
                    .append("</title></rect>");
        }
        out.append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(TOP + 10)
                .append("\" text-anchor=\"end\" font-size=\"11\">").append(esc(num(max))).append("</text>");
        out.append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(TOP + sc.plotHeight())
                .append("\" text-anchor=\"end\" font-size=\"11\">").append(esc(num(min))).append("</text>");
        out.append("<text x=\"").append(LEFT).append("\" y=\"").append(HEIGHT - 8)
                .append("\" font-size=\"11\">").append(esc(DAY.format(from))).append("</text>");
        out.append("<text x=\"").append(WIDTH - RIGHT).append("\" y=\"").append(HEIGHT - 8)
                .append("\" text-anchor=\"end\" font-size=\"11\">").append(esc(DAY.format(to) + " UTC"))
                .append("</text>");
        if (!hours.isEmpty()) {
            out.append("<polyline class=\"line\" fill=\"none\" stroke=\"#1a1a1a\" stroke-width=\"1.5\" points=\"");
            long half = series.resolution().toMillis() / 2;
            hours.forEach((bucket, s) -> out.append(f(sc.x(bucket.plusMillis(half)))).append(',')
                    .append(f(sc.y(s[1] == 0 ? 0 : s[0] / s[1]))).append(' '));
            out.setLength(out.length() - 1);
            out.append("\"/>");
        } else {
            out.append("<text x=\"").append(LEFT + sc.plotWidth() / 2).append("\" y=\"")
                    .append(TOP + sc.plotHeight() / 2).append("\" text-anchor=\"middle\" font-size=\"12\">")
                    .append("no measurements in this window</text>");
        }
        for (Marker m : markers) {
            if (m.at().isBefore(from) || m.at().isAfter(to)) {
                continue;
            }
            double x = sc.x(m.at());
            boolean alert = m.kind().equals("alert");
            String colour = alert ? "#D55E00" : "#7B2D8E";
            out.append("<a class=\"marker marker--").append(esc(m.kind())).append("\" href=\"")
                    .append(esc(m.href())).append("\"><title>").append(esc(m.label())).append("</title>")
                    .append("<line x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"")
                    .append(TOP).append("\" y2=\"").append(TOP + sc.plotHeight()).append("\" stroke=\"")
                    .append(colour).append("\" stroke-width=\"2\"").append(alert ? " stroke-dasharray=\"4 3\"" : "")
                    .append("/>");
            // Shape as well as colour tells them apart: a triangle for alerts, a circle for incidents.
            if (alert) {
                out.append("<path d=\"M").append(f(x - 5)).append(',').append(TOP).append(" L").append(f(x + 5))
                        .append(',').append(TOP).append(" L").append(f(x)).append(',').append(TOP + 8)
                        .append(" Z\" fill=\"").append(colour).append("\"/>");
            } else {
                out.append("<circle cx=\"").append(f(x)).append("\" cy=\"").append(TOP + 5)
                        .append("\" r=\"5\" fill=\"").append(colour).append("\"/>");
            }
            out.append("</a>");
        }
        out.append("</svg>");
        return out.toString();
    }

    private static String describe(Series series, TreeMap<Instant, double[]> hours, String unit) {
        if (hours.isEmpty()) {
            return series.metric() + ": no measurements between " + series.from() + " and " + series.to();
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] s : hours.values()) {
            double v = s[1] == 0 ? 0 : s[0] / s[1];
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double[] last = hours.lastEntry().getValue();
        String u = unit == null ? "" : " " + unit;
        return series.metric() + " hourly mean between " + series.from() + " and " + series.to() + ": lowest "
                + num(lo) + u + ", highest " + num(hi) + u + ", latest " + num(last[1] == 0 ? 0 : last[0] / last[1])
                + u + ".";
    }

    private record Scale(Instant from, Instant to, double min, double max) {
        int plotWidth() {
            return WIDTH - LEFT - RIGHT;
        }

        int plotHeight() {
            return HEIGHT - TOP - BOTTOM;
        }

        double x(Instant t) {
            double span = Math.max(1, to.toEpochMilli() - from.toEpochMilli());
            return LEFT + (t.toEpochMilli() - from.toEpochMilli()) / span * plotWidth();
        }

        double y(double v) {
            return TOP + plotHeight() - (v - min) / (max - min) * plotHeight();
        }
    }

    static String num(double v) {
        if (Math.abs(v) >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 1 ? "%.2f" : "%.3f", v);
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
