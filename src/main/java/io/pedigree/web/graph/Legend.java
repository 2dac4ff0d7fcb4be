package io.pedigree.web.graph;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The key printed under a downloaded drawing, so it reads on paper without the page around it: a swatch per kind
 * drawn, the marks in use (root, quarantined, serving production, folded group) and what an arrow means. Placed
 * once here so the SVG and the PNG agree.
 */
record Legend(double width, double height, List<Entry> entries) {

    static final double SWATCH_W = 26;
    static final double SWATCH_H = 16;
    static final double ROW = 24;
    static final double GAP = 18;
    static final double TOP = 12;
    static final int SIZE = 12;
    static final String ARROW = "arrow: from what was used to what was made from it";

    /** What a swatch shows. */
    enum Mark { KIND, ROOT, QUARANTINED, PRODUCTION, GROUP, ARROW, PATH }

    /** One swatch and its label, top-left corner in the drawing's coordinates. */
    record Entry(Mark mark, String kind, String label, double x, double y) {
    }

    static Legend of(Placement p) {
        return of(p, false);
    }

    /** {@code path}: the drawing highlights a chosen field's lineage, which the key then explains. */
    static Legend of(Placement p, boolean path) {
        Set<KindStyle> kinds = EnumSet.noneOf(KindStyle.class);
        boolean quarantined = false;
        boolean production = false;
        boolean group = false;
        for (Placement.Box b : p.boxes()) {
            if (b.item().isGroup()) {
                group = true;
            } else {
                kinds.add(KindStyle.of(b.item().kind()));
            }
            quarantined |= b.item().quarantined();
            production |= b.item().production();
        }
        List<Object[]> wanted = new ArrayList<>();
        for (KindStyle k : kinds) {
            String id = k == KindStyle.OTHER ? "other" : k.name().toLowerCase(Locale.ROOT);
            wanted.add(new Object[]{Mark.KIND, id, id});
        }
        wanted.add(new Object[]{Mark.ROOT, null, "root: the node the drawing is about"});
        if (quarantined) {
            wanted.add(new Object[]{Mark.QUARANTINED, null, "quarantined"});
        }
        if (production) {
            wanted.add(new Object[]{Mark.PRODUCTION, null, "serving production"});
        }
        if (group) {
            wanted.add(new Object[]{Mark.GROUP, null, "folded group of nodes"});
        }
        wanted.add(new Object[]{Mark.ARROW, null, ARROW});
        if (path) {
            wanted.add(new Object[]{Mark.PATH, null, "the chosen field's lineage"});
        }

        double maxWidth = Math.max(p.width(), 520) - Layout.PADDING;
        double x = Layout.PADDING;
        double y = p.height() + TOP;
        double right = 0;
        List<Entry> entries = new ArrayList<>();
        for (Object[] w : wanted) {
            double entryWidth = SWATCH_W + 6 + Text.width((String) w[2], SIZE, false) + GAP;
            if (x > Layout.PADDING && x + entryWidth > maxWidth) {
                x = Layout.PADDING;
                y += ROW;
            }
            entries.add(new Entry((Mark) w[0], (String) w[1], (String) w[2], x, y));
            x += entryWidth;
            right = Math.max(right, x);
        }
        return new Legend(Math.ceil(Math.max(p.width(), right + Layout.PADDING)),
                Math.ceil(y + ROW + Layout.PADDING - p.height()), List.copyOf(entries));
    }
}
