package io.pedigree.web.graph;

import java.util.List;

/**
 * Writes a {@link Placement} as one inline {@code <svg>} element. Colours are presentation attributes, which a
 * page's CSS overrides and a Content-Security-Policy without inline styles allows; classes ({@code pg-node},
 * {@code kind-<kind>}, {@code quarantined}, {@code production}, {@code root}, {@code pg-edge}) are the hooks
 * for {@code static/graph.css} and {@code static/graph.js}. Every string that came from a user goes through
 * {@link Xml#escape}, in text and in attributes alike.
 *
 * <p>Ids inside the SVG ({@code pg-graph-title}, {@code pg-arrow}) assume one drawing per page.
 */
final class SvgWriter {

    private static final double CAPTION_Y = 18;
    private static final double NAME_Y = 36;
    private static final double VERSION_Y = 51;

    private final StringBuilder out;
    private final Links links;

    private SvgWriter(Links links) {
        this(new StringBuilder(64 * 1024), links);
    }

    /** A writer appending to {@code out}: the drawing with fields writes its node boxes and legend this way. */
    SvgWriter(StringBuilder out, Links links) {
        this.out = out;
        this.links = links;
    }

    static String write(Placement p, String title, Links links) {
        return new SvgWriter(links).svg(p, title, null);
    }

    /** A standalone SVG file: the same drawing on a white ground, with {@code legend} under it. */
    static String document(Placement p, String title, Links links, Legend legend) {
        return new SvgWriter(links).svg(p, title, legend);
    }

    private String svg(Placement p, String title, Legend legend) {
        String w = Shapes.num(Math.ceil(legend == null ? p.width() : legend.width()));
        String h = Shapes.num(Math.ceil(p.height() + (legend == null ? 0 : legend.height())));
        if (legend != null) {
            out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        }
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"pg-graph\" viewBox=\"0 0 ").append(w)
                .append(' ').append(h).append("\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\" role=\"group\" aria-labelledby=\"pg-graph-title\" font-family=\"")
                .append(Xml.escape(Text.FONT_FAMILY)).append("\">");
        out.append("<title id=\"pg-graph-title\">");
        Xml.escapeTo(out, title);
        out.append("</title>");
        out.append("<defs>").append(Shapes.arrowMarker("pg-arrow", KindStyle.EDGE))
                .append(Shapes.arrowMarker("pg-arrow-hl", KindStyle.TEXT)).append("</defs>");
        if (legend != null) {
            out.append("<rect class=\"pg-ground\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        }
        out.append("<g class=\"pg-edges\">");
        p.routes().forEach(this::edge);
        out.append("</g><g class=\"pg-nodes\">");
        p.boxes().forEach(this::node);
        out.append("</g>");
        if (legend != null) {
            legend(legend);
        }
        out.append("</svg>");
        return out.toString();
    }

    void legend(Legend legend) {
        out.append("<g class=\"pg-legend\">");
        for (Legend.Entry e : legend.entries()) {
            String mark = e.mark().name().toLowerCase(java.util.Locale.ROOT);
            out.append("<g class=\"pg-legend-entry\" data-mark=\"").append(mark).append('"');
            if (e.kind() != null) {
                out.append(" data-kind=\"").append(KindStyle.cssName(e.kind())).append('"');
            }
            out.append('>');
            double x = e.x();
            double y = e.y();
            double w = Legend.SWATCH_W;
            double h = Legend.SWATCH_H;
            switch (e.mark()) {
                case KIND -> swatch(x, y, KindStyle.of(e.kind()).fill, KindStyle.of(e.kind()).stroke, 1.5, null);
                case ROOT -> swatch(x, y, KindStyle.ROOT_HALO, KindStyle.ROOT_STROKE, 2, null);
                case QUARANTINED -> swatch(x, y, "none", KindStyle.QUARANTINE, 2, "6 3");
                case PRODUCTION -> swatch(x, y, KindStyle.DEPLOYMENT.fill, KindStyle.DEPLOYMENT.stroke, 4.5, null);
                case GROUP -> swatch(x, y, KindStyle.OTHER.fill, KindStyle.EDGE, 1.5, "5 3");
                case ARROW -> out.append("<path d=\"M").append(Shapes.num(x)).append(' ')
                        .append(Shapes.num(y + h / 2)).append('H').append(Shapes.num(x + w - 2))
                        .append("\" stroke=\"").append(KindStyle.EDGE)
                        .append("\" stroke-width=\"1.5\" marker-end=\"url(#pg-arrow)\"/>");
                case PATH -> out.append("<path d=\"M").append(Shapes.num(x)).append(' ')
                        .append(Shapes.num(y + h / 2)).append('H').append(Shapes.num(x + w - 2))
                        .append("\" stroke=\"").append(TableSvg.PATH)
                        .append("\" stroke-width=\"2\" marker-end=\"url(#pg-arrow-path)\"/>");
            }
            text("pg-legend-label", x + w + 6, y + h - 3, Legend.SIZE, KindStyle.TEXT, null, e.label(), "start");
            out.append("</g>");
        }
        out.append("</g>");
    }

    private void swatch(double x, double y, String fill, String stroke, double width, String dash) {
        out.append("<rect x=\"").append(Shapes.num(x)).append("\" y=\"").append(Shapes.num(y))
                .append("\" width=\"").append(Shapes.num(Legend.SWATCH_W)).append("\" height=\"")
                .append(Shapes.num(Legend.SWATCH_H)).append("\" rx=\"3\" fill=\"").append(fill)
                .append("\" stroke=\"").append(stroke).append("\" stroke-width=\"").append(Shapes.num(width))
                .append('"');
        if (dash != null) {
            out.append(" stroke-dasharray=\"").append(dash).append('"');
        }
        out.append("/>");
    }

    private void edge(Placement.Route r) {
        List<Placement.Point> pts = r.points();
        if (pts.size() < 2) {
            return;
        }
        Connection c = r.connection();
        out.append("<path class=\"pg-edge\" data-from=\"");
        Xml.escapeTo(out, c.from());
        out.append("\" data-to=\"");
        Xml.escapeTo(out, c.to());
        out.append("\" d=\"");
        Shapes.polyline(out, pts);
        out.append("\" fill=\"none\" stroke=\"").append(KindStyle.EDGE)
                .append("\" stroke-width=\"1.5\" marker-end=\"url(#pg-arrow)\"><title>");
        // The relation reads as recorded: the dependent, the type, what it depends on.
        Xml.escapeTo(out, c.to() + " " + c.type() + " " + c.from());
        out.append("</title></path>");
    }

    void node(Placement.Box b) {
        Item item = b.item();
        KindStyle style = KindStyle.of(item.kind());
        String kindClass = "kind-" + KindStyle.cssName(item.kind());
        out.append("<a class=\"pg-node ").append(kindClass);
        if (item.isGroup()) {
            out.append(" pg-group");
        }
        if (item.quarantined()) {
            out.append(" quarantined");
        }
        if (item.production()) {
            out.append(" production");
        }
        if (item.root()) {
            out.append(" root\" aria-current=\"page");
        }
        out.append("\" data-id=\"");
        Xml.escapeTo(out, item.id());
        out.append("\" href=\"");
        Xml.escapeTo(out, item.isGroup() ? links.expand().apply(item.id()) : links.node().apply(item.id()));
        out.append("\"><title>");
        Xml.escapeTo(out, tooltip(item));
        out.append("</title>");

        double x = b.x();
        double y = b.y();
        double w = b.w();
        double h = b.h();
        if (Layout.marked(item)) {
            out.append("<rect class=\"").append(item.quarantined() ? "pg-quarantine" : "pg-halo")
                    .append("\" x=\"").append(Shapes.num(x)).append("\" y=\"").append(Shapes.num(y))
                    .append("\" width=\"").append(Shapes.num(w)).append("\" height=\"").append(Shapes.num(h))
                    .append("\" rx=\"10\" fill=\"").append(item.root() ? KindStyle.ROOT_HALO : "none")
                    .append("\" stroke=\"").append(item.quarantined() ? KindStyle.QUARANTINE : KindStyle.ROOT_STROKE)
                    .append("\" stroke-width=\"2\"");
            if (item.quarantined()) {
                out.append(" stroke-dasharray=\"6 3\"");
            }
            out.append("/>");
            x += Layout.MARK_INSET;
            y += Layout.MARK_INSET;
            w -= 2 * Layout.MARK_INSET;
            h -= 2 * Layout.MARK_INSET;
        }
        if (item.isGroup()) {
            // A second outline behind reads as a stack of boxes.
            out.append("<path class=\"pg-stack\" d=\"").append(Shapes.roundRect(x + 6, y, w - 6, h - 6, 6))
                    .append("\" fill=\"").append(style.fill).append("\" stroke=\"").append(style.stroke)
                    .append("\" stroke-width=\"1.5\"/>");
            out.append("<path class=\"pg-shape\" d=\"").append(Shapes.roundRect(x, y + 6, w - 6, h - 6, 6))
                    .append("\" fill=\"").append(style.fill).append("\" stroke=\"").append(style.stroke)
                    .append("\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>");
        } else {
            double stroke = item.production() ? 4.5 : item.kind().equals("deployment") ? 2.5 : 1.5;
            out.append("<path class=\"pg-shape\" d=\"").append(Shapes.outline(item.kind(), x, y, w, h))
                    .append("\" fill=\"").append(style.fill).append("\" stroke=\"").append(style.stroke)
                    .append("\" stroke-width=\"").append(Shapes.num(stroke)).append("\"/>");
        }
        double cx = x + w / 2 - (item.isGroup() ? 3 : 0);
        // Groups sit lower in their stacked box; two-line labels (no version) are centred in theirs.
        double dy = item.isGroup() ? 4 : b.label().version().isEmpty() ? 7 : 0;
        String captionColour = item.quarantined() ? KindStyle.QUARANTINE : style.stroke;
        text("pg-caption", cx, y + CAPTION_Y + dy, Text.CAPTION_SIZE, captionColour, "700", b.label().caption());
        text("pg-name", cx, y + NAME_Y + dy, Text.NAME_SIZE, KindStyle.TEXT, "600", b.label().name());
        if (!b.label().version().isEmpty()) {
            text("pg-version", cx, y + VERSION_Y + dy, Text.VERSION_SIZE, KindStyle.TEXT, null, b.label().version());
        }
        out.append("</a>");
    }

    private void text(String cls, double x, double y, int size, String colour, String weight, String s) {
        text(cls, x, y, size, colour, weight, s, "middle");
    }

    private void text(String cls, double x, double y, int size, String colour, String weight, String s,
                      String anchor) {
        out.append("<text class=\"").append(cls).append("\" x=\"").append(Shapes.num(x)).append("\" y=\"")
                .append(Shapes.num(y)).append("\" text-anchor=\"").append(anchor).append("\" font-size=\"")
                .append(size)
                .append("\" fill=\"").append(colour).append('"');
        if (weight != null) {
            out.append(" font-weight=\"").append(weight).append('"');
        }
        if (cls.equals("pg-caption")) {
            out.append(" letter-spacing=\"0.06em\"");
        }
        out.append('>');
        Xml.escapeTo(out, s);
        out.append("</text>");
    }

    private static String tooltip(Item item) {
        if (item.isGroup()) {
            Group g = item.group();
            String s = g.label() + (g.upstream() ? " upstream of " : " downstream of ") + g.parent();
            if (g.beyond() > 0) {
                s += ", and " + g.beyond() + " more " + (g.beyond() == 1 ? "node" : "nodes") + " beyond them";
            }
            return s + ". Follow the link to show them.";
        }
        StringBuilder s = new StringBuilder(item.id());
        if (item.quarantined()) {
            s.append(" (quarantined)");
        }
        if (item.production()) {
            s.append(" (serving production)");
        }
        return s.toString();
    }
}
