package io.pedigree.web.graph;

import java.util.List;

/**
 * Writes a laid-out field drawing as one inline {@code <svg>}: dataset boxes with a row per field, model and
 * deployment boxes, and arrows. The chosen field's lineage is highlighted end to end: its row, the rows on its
 * path and every arrow between them ({@code pg-path}); other fields of the same datasets stay plain. Every string
 * that came from a user goes through {@link Xml#escape}.
 */
final class TableSvg {

    static final String PATH = "#b45309";
    static final String FIELD_EDGE = "#6b7280";

    private final StringBuilder out = new StringBuilder(32 * 1024);
    private final Links links;
    private final Tables tables;

    private TableSvg(Links links, Tables tables) {
        this.links = links;
        this.tables = tables;
    }

    static String write(TableLayout.Result r, Tables t, Links links) {
        return new TableSvg(links, t).svg(r, null);
    }

    /** A standalone SVG file: the same drawing on a white ground, with {@code legend} under it. */
    static String document(TableLayout.Result r, Tables t, Links links, Legend legend) {
        return new TableSvg(links, t).svg(r, legend);
    }

    private String svg(TableLayout.Result r, Legend legend) {
        String w = Shapes.num(Math.ceil(legend == null ? r.width() : legend.width()));
        String h = Shapes.num(Math.ceil(r.height() + (legend == null ? 0 : legend.height())));
        if (legend != null) {
            out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        }
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"pg-graph pg-fields\" viewBox=\"0 0 ")
                .append(w).append(' ').append(h).append("\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\" role=\"group\" aria-labelledby=\"pg-graph-title\" font-family=\"")
                .append(Xml.escape(Text.FONT_FAMILY)).append("\"><title id=\"pg-graph-title\">");
        Xml.escapeTo(out, tables.title());
        out.append("</title><defs>").append(Shapes.arrowMarker("pg-arrow-path", PATH))
                .append(Shapes.arrowMarker("pg-arrow", KindStyle.EDGE)).append("</defs>");
        if (legend != null) {
            out.append("<rect class=\"pg-ground\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        }
        out.append("<g class=\"pg-edges\">");
        r.routes().forEach(this::edge);
        out.append("</g><g class=\"pg-nodes\">");
        SvgWriter nodes = new SvgWriter(out, links);
        for (TableLayout.Box b : r.boxes()) {
            if (b.table() != null) {
                table(b);
            } else {
                nodes.node(new Placement.Box(b.item(), b.label(), b.x(), b.y(), b.w(), b.h()));
            }
        }
        out.append("</g>");
        if (legend != null) {
            nodes.legend(legend);
        }
        out.append("</svg>");
        return out.toString();
    }

    private void edge(Placement.Route r) {
        List<Placement.Point> pts = r.points();
        if (pts.size() < 2) {
            return;
        }
        Connection c = r.connection();
        boolean path = tables.highlighted().contains(c);
        boolean field = tables.fieldArrows().contains(c);
        out.append("<path class=\"pg-edge").append(path ? " pg-path" : field ? " pg-field-edge" : "")
                .append("\" data-from=\"");
        Xml.escapeTo(out, c.from());
        out.append("\" data-to=\"");
        Xml.escapeTo(out, c.to());
        out.append("\" d=\"");
        Shapes.polyline(out, pts);
        out.append("\" fill=\"none\" stroke=\"").append(path ? PATH : field ? FIELD_EDGE : KindStyle.EDGE)
                .append("\" stroke-width=\"").append(path ? "2" : "1.5").append("\" marker-end=\"url(#")
                .append(path ? "pg-arrow-path" : "pg-arrow").append(")\"");
        if (field && !path) {
            // Field arrows off the chosen lineage read apart from the relations between nodes.
            out.append(" stroke-dasharray=\"4 3\"");
        }
        out.append("><title>");
        Xml.escapeTo(out, c.to() + " " + c.type() + " " + c.from());
        out.append("</title></path>");
    }

    private void table(TableLayout.Box b) {
        Tables.Table t = b.table();
        KindStyle style = KindStyle.DATASET;
        out.append("<g class=\"pg-table kind-dataset").append(t.root() ? " pg-root-table" : "")
                .append(t.quarantined() ? " quarantined" : "").append("\" data-id=\"");
        Xml.escapeTo(out, t.id());
        out.append("\"><path class=\"pg-shape\" d=\"").append(Shapes.roundRect(b.x(), b.y(), b.w(), b.h(), 6))
                .append("\" fill=\"#ffffff\" stroke=\"").append(t.quarantined() ? KindStyle.QUARANTINE : style.stroke)
                .append(t.quarantined() ? "\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/>"
                        : "\" stroke-width=\"1.5\"/>")
                .append("<path d=\"").append(Shapes.roundRect(b.x(), b.y(), b.w(), TableLayout.HEADER - 4, 6))
                .append("\" fill=\"").append(style.fill).append("\"/>");
        out.append("<a class=\"pg-node\" href=\"");
        Xml.escapeTo(out, t.link());
        out.append("\"><title>");
        Xml.escapeTo(out, t.id());
        out.append("</title>");
        double cx = b.x() + b.w() / 2;
        text("pg-caption", cx, b.y() + 15, Text.CAPTION_SIZE, t.quarantined() ? KindStyle.QUARANTINE : style.stroke,
                "700", t.quarantined() ? "DATASET \u00b7 QUARANTINED" : "DATASET", "middle");
        text("pg-name", cx, b.y() + 31, Text.NAME_SIZE, KindStyle.TEXT, "600", Text.truncate(t.name(),
                Text.MAX_NAME), "middle");
        out.append("</a>");
        for (int i = 0; i < t.rows().size(); i++) {
            row(t.rows().get(i), b.x(), b.y() + TableLayout.HEADER + i * TableLayout.ROW, b.w());
        }
        out.append("</g>");
    }

    private void row(Tables.Row r, double x, double y, double w) {
        out.append("<a class=\"pg-field").append(r.onPath() ? " pg-path" : "").append(r.root() ? " root" : "")
                .append(r.fold() ? " pg-fold" : "").append('"');
        if (r.root()) {
            out.append(" aria-current=\"page\"");
        }
        out.append(" data-id=\"");
        Xml.escapeTo(out, r.id());
        out.append("\" href=\"");
        Xml.escapeTo(out, r.link());
        out.append("\"><title>");
        Xml.escapeTo(out, r.fold() ? r.label() : r.id() + (r.onPath() ? " (on this field's lineage)" : ""));
        out.append("</title>");
        if (r.onPath()) {
            out.append("<rect x=\"").append(Shapes.num(x + 3)).append("\" y=\"").append(Shapes.num(y + 1))
                    .append("\" width=\"").append(Shapes.num(w - 6)).append("\" height=\"")
                    .append(Shapes.num(TableLayout.ROW - 2)).append("\" rx=\"4\" fill=\"")
                    .append(r.root() ? KindStyle.ROOT_HALO : "#fef3c7").append("\" stroke=\"")
                    .append(r.root() ? KindStyle.ROOT_STROKE : "none").append("\" stroke-width=\"1.5\"/>");
        }
        text("pg-field-name", x + Layout.TEXT_INSET, y + 15, TableLayout.ROW_SIZE,
                r.fold() ? "#4b5563" : KindStyle.TEXT, r.onPath() ? "600" : null,
                Text.truncate(r.label(), Text.MAX_NAME), "start");
        out.append("</a>");
    }

    private void text(String cls, double x, double y, int size, String colour, String weight, String s,
                      String anchor) {
        out.append("<text class=\"").append(cls).append("\" x=\"").append(Shapes.num(x)).append("\" y=\"")
                .append(Shapes.num(y)).append("\" text-anchor=\"").append(anchor).append("\" font-size=\"")
                .append(size).append("\" fill=\"").append(colour).append('"');
        if (weight != null) {
            out.append(" font-weight=\"").append(weight).append('"');
        }
        out.append('>');
        Xml.escapeTo(out, s);
        out.append("</text>");
    }
}
