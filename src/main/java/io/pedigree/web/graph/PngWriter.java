package io.pedigree.web.graph;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Paints a {@link Placement} and its {@link Legend} into a PNG with Java2D, headless: the same layout, colours,
 * outlines and labels as the SVG, at twice the size so it stays sharp in a printed review document.
 */
final class PngWriter {

    static final double SCALE = 2;
    private static final Color TEXT = Color.decode(KindStyle.TEXT);
    private static final Color EDGE = Color.decode(KindStyle.EDGE);
    private static final Color PATH = Color.decode(TableSvg.PATH);
    private static final Color FIELD_EDGE = Color.decode(TableSvg.FIELD_EDGE);

    private final Graphics2D g;

    private PngWriter(Graphics2D g) {
        this.g = g;
    }

    static byte[] write(Placement p, Legend legend) {
        return paint(legend.width(), p.height() + legend.height(), w -> {
            p.routes().forEach(w::edge);
            p.boxes().forEach(w::box);
            legend.entries().forEach(w::legend);
        });
    }

    /** The node drawing with fields: dataset boxes listing their fields, the chosen field's lineage highlighted. */
    static byte[] write(TableLayout.Result r, Tables t, Legend legend) {
        return paint(legend.width(), r.height() + legend.height(), w -> {
            for (Placement.Route route : r.routes()) {
                boolean path = t.highlighted().contains(route.connection());
                w.edge(route, path ? PATH : t.fieldArrows().contains(route.connection()) ? FIELD_EDGE : EDGE,
                        path ? 2f : 1.5f);
            }
            for (TableLayout.Box b : r.boxes()) {
                if (b.table() != null) {
                    w.table(b);
                } else {
                    w.box(new Placement.Box(b.item(), b.label(), b.x(), b.y(), b.w(), b.h()));
                }
            }
            legend.entries().forEach(w::legend);
        });
    }

    private static byte[] paint(double width, double height, java.util.function.Consumer<PngWriter> painter) {
        int w = (int) Math.ceil(width * SCALE);
        int h = (int) Math.ceil(height * SCALE);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.scale(SCALE, SCALE);
            painter.accept(new PngWriter(g));
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A dataset box with its name on top and a row per field, as {@link TableSvg} draws it. */
    private void table(TableLayout.Box b) {
        Tables.Table t = b.table();
        KindStyle style = KindStyle.DATASET;
        Color outline = Color.decode(t.quarantined() ? KindStyle.QUARANTINE : style.stroke);
        Shape box = new RoundRectangle2D.Double(b.x(), b.y(), b.w(), b.h(), 12, 12);
        paint(box, Color.WHITE, outline, t.quarantined() ? dashed(2, 6, 3) : new BasicStroke(1.5f));
        g.setColor(Color.decode(style.fill));
        g.fill(new RoundRectangle2D.Double(b.x() + 1, b.y() + 1, b.w() - 2, TableLayout.HEADER - 5, 12, 12));
        double cx = b.x() + b.w() / 2;
        centred(t.quarantined() ? "DATASET \u00b7 QUARANTINED" : "DATASET", cx, b.y() + 15,
                new Font(Font.SANS_SERIF, Font.BOLD, Text.CAPTION_SIZE), outline);
        centred(Text.truncate(t.name(), Text.MAX_NAME), cx, b.y() + 31,
                new Font(Font.SANS_SERIF, Font.BOLD, Text.NAME_SIZE), TEXT);
        for (int i = 0; i < t.rows().size(); i++) {
            Tables.Row row = t.rows().get(i);
            double y = b.y() + TableLayout.HEADER + i * TableLayout.ROW;
            if (row.onPath()) {
                Shape mark = new RoundRectangle2D.Double(b.x() + 3, y + 1, b.w() - 6, TableLayout.ROW - 2, 8, 8);
                paint(mark, Color.decode(row.root() ? KindStyle.ROOT_HALO : "#fef3c7"),
                        row.root() ? Color.decode(KindStyle.ROOT_STROKE) : null, new BasicStroke(1.5f));
            }
            g.setFont(new Font(Font.SANS_SERIF, row.onPath() ? Font.BOLD : Font.PLAIN, TableLayout.ROW_SIZE));
            g.setColor(row.fold() ? Color.decode("#4b5563") : TEXT);
            g.drawString(Text.truncate(row.label(), Text.MAX_NAME), (float) (b.x() + Layout.TEXT_INSET),
                    (float) (y + 15));
        }
    }

    private void edge(Placement.Route r) {
        edge(r, EDGE, 1.5f);
    }

    private void edge(Placement.Route r, Color colour, float width) {
        List<Placement.Point> pts = r.points();
        if (pts.size() < 2) {
            return;
        }
        Path2D.Double path = new Path2D.Double();
        path.moveTo(pts.get(0).x(), pts.get(0).y());
        for (int i = 1; i < pts.size(); i++) {
            path.lineTo(pts.get(i).x(), pts.get(i).y());
        }
        g.setColor(colour);
        g.setStroke(new BasicStroke(width));
        g.draw(path);
        Placement.Point a = pts.get(pts.size() - 2);
        Placement.Point b = pts.get(pts.size() - 1);
        arrowHead(a.x(), a.y(), b.x(), b.y(), colour);
    }

    private void arrowHead(double x1, double y1, double x2, double y2) {
        arrowHead(x1, y1, x2, y2, EDGE);
    }

    private void arrowHead(double x1, double y1, double x2, double y2, Color colour) {
        double angle = Math.atan2(y2 - y1, x2 - x1);
        Path2D.Double head = new Path2D.Double();
        head.moveTo(x2, y2);
        head.lineTo(x2 - 8 * Math.cos(angle - 0.45), y2 - 8 * Math.sin(angle - 0.45));
        head.lineTo(x2 - 8 * Math.cos(angle + 0.45), y2 - 8 * Math.sin(angle + 0.45));
        head.closePath();
        g.setColor(colour);
        g.fill(head);
    }

    private void box(Placement.Box b) {
        Item item = b.item();
        KindStyle style = KindStyle.of(item.kind());
        double x = b.x();
        double y = b.y();
        double w = b.w();
        double h = b.h();
        if (Layout.marked(item)) {
            Shape halo = new RoundRectangle2D.Double(x, y, w, h, 20, 20);
            if (item.root()) {
                g.setColor(Color.decode(KindStyle.ROOT_HALO));
                g.fill(halo);
            }
            g.setColor(Color.decode(item.quarantined() ? KindStyle.QUARANTINE : KindStyle.ROOT_STROKE));
            g.setStroke(item.quarantined() ? dashed(2, 6, 3) : new BasicStroke(2f));
            g.draw(halo);
            x += Layout.MARK_INSET;
            y += Layout.MARK_INSET;
            w -= 2 * Layout.MARK_INSET;
            h -= 2 * Layout.MARK_INSET;
        }
        if (item.isGroup()) {
            paint(new RoundRectangle2D.Double(x + 6, y, w - 6, h - 6, 12, 12), style, new BasicStroke(1.5f));
            paint(new RoundRectangle2D.Double(x, y + 6, w - 6, h - 6, 12, 12), style, dashed(1.5f, 5, 3));
        } else {
            float stroke = item.production() ? 4.5f : item.kind().equals("deployment") ? 2.5f : 1.5f;
            paint(outline(item.kind(), x, y, w, h), style, new BasicStroke(stroke));
            if (item.kind().equals("dataset")) {
                // The cylinder's rim.
                g.draw(new Ellipse2D.Double(x, y, w, 2 * Shapes.RIM));
            }
        }
        double cx = x + w / 2 - (item.isGroup() ? 3 : 0);
        double dy = item.isGroup() ? 4 : b.label().version().isEmpty() ? 7 : 0;
        Color caption = Color.decode(item.quarantined() ? KindStyle.QUARANTINE : style.stroke);
        centred(b.label().caption(), cx, y + 18 + dy, new Font(Font.SANS_SERIF, Font.BOLD, Text.CAPTION_SIZE), caption);
        centred(b.label().name(), cx, y + 36 + dy, new Font(Font.SANS_SERIF, Font.BOLD, Text.NAME_SIZE), TEXT);
        if (!b.label().version().isEmpty()) {
            centred(b.label().version(), cx, y + 51 + dy, new Font(Font.SANS_SERIF, Font.PLAIN, Text.VERSION_SIZE),
                    TEXT);
        }
    }

    private void legend(Legend.Entry e) {
        Shape swatch = new RoundRectangle2D.Double(e.x(), e.y(), Legend.SWATCH_W, Legend.SWATCH_H, 6, 6);
        switch (e.mark()) {
            case KIND -> paint(swatch, KindStyle.of(e.kind()), new BasicStroke(1.5f));
            case ROOT -> paint(swatch, Color.decode(KindStyle.ROOT_HALO), Color.decode(KindStyle.ROOT_STROKE),
                    new BasicStroke(2f));
            case QUARANTINED -> paint(swatch, null, Color.decode(KindStyle.QUARANTINE), dashed(2, 6, 3));
            case PRODUCTION -> paint(swatch, KindStyle.DEPLOYMENT, new BasicStroke(4.5f));
            case GROUP -> paint(swatch, Color.decode(KindStyle.OTHER.fill), EDGE, dashed(1.5f, 5, 3));
            case ARROW -> {
                double y = e.y() + Legend.SWATCH_H / 2;
                g.setColor(EDGE);
                g.setStroke(new BasicStroke(1.5f));
                g.draw(new Line2D.Double(e.x(), y, e.x() + Legend.SWATCH_W - 2, y));
                arrowHead(e.x(), y, e.x() + Legend.SWATCH_W - 2, y);
            }
            case PATH -> {
                double y = e.y() + Legend.SWATCH_H / 2;
                g.setColor(PATH);
                g.setStroke(new BasicStroke(2f));
                g.draw(new Line2D.Double(e.x(), y, e.x() + Legend.SWATCH_W - 2, y));
                arrowHead(e.x(), y, e.x() + Legend.SWATCH_W - 2, y, PATH);
            }
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Legend.SIZE));
        g.setColor(TEXT);
        g.drawString(e.label(), (float) (e.x() + Legend.SWATCH_W + 6), (float) (e.y() + Legend.SWATCH_H - 3));
    }

    private void paint(Shape s, KindStyle style, BasicStroke stroke) {
        paint(s, Color.decode(style.fill), Color.decode(style.stroke), stroke);
    }

    private void paint(Shape s, Color fill, Color stroke, BasicStroke line) {
        if (fill != null) {
            g.setColor(fill);
            g.fill(s);
        }
        if (stroke != null) {
            g.setColor(stroke);
            g.setStroke(line);
            g.draw(s);
        }
    }

    private void centred(String s, double cx, double baseline, Font font, Color colour) {
        g.setFont(font);
        g.setColor(colour);
        FontMetrics m = g.getFontMetrics();
        g.drawString(s, (float) (cx - m.stringWidth(s) / 2.0), (float) baseline);
    }

    private static BasicStroke dashed(float width, float on, float off) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{on, off}, 0f);
    }

    /** The outline of a {@code kind} box, as {@link Shapes#outline} draws it in SVG. */
    static Shape outline(String kind, double x, double y, double w, double h) {
        double r = x + w;
        double b = y + h;
        return switch (kind) {
            case "model" -> new RoundRectangle2D.Double(x, y, w, h, 20, 20);
            case "dataset" -> {
                Area a = new Area(new Rectangle2D.Double(x, y + Shapes.RIM, w, h - 2 * Shapes.RIM));
                a.add(new Area(new Ellipse2D.Double(x, y, w, 2 * Shapes.RIM)));
                a.add(new Area(new Ellipse2D.Double(x, b - 2 * Shapes.RIM, w, 2 * Shapes.RIM)));
                yield a;
            }
            case "prompt" -> {
                Area a = new Area(new RoundRectangle2D.Double(x, y, w, h - 6, 16, 16));
                a.add(new Area(polygon(x + 18, b - 7, x + 30, b - 7, x + 20, b)));
                yield a;
            }
            case "embedding" -> polygon(x + 8, y, r - 8, y, r, y + h / 2, r - 8, b, x + 8, b, x, y + h / 2);
            case "commit" -> new RoundRectangle2D.Double(x, y, w, h, 4, 4);
            case "run" -> polygon(x + Shapes.SLANT, y, r, y, r - Shapes.SLANT, b, x, b);
            case "evaluation" -> polygon(x + 8, y, r - 8, y, r, y + 8, r, b - 8, r - 8, b, x + 8, b, x, b - 8,
                    x, y + 8);
            case "artifact" -> polygon(x, y, r - 12, y, r, y + 12, r, b, x, b);
            case "person" -> new RoundRectangle2D.Double(x, y, w, h, h, h);
            default -> new RoundRectangle2D.Double(x, y, w, h, 8, 8);
        };
    }

    private static Path2D polygon(double... xy) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            p.lineTo(xy[i], xy[i + 1]);
        }
        p.closePath();
        return p;
    }
}
